//! `/welcome`: the guided setup after sign-up — profile, preferences, plan, notifications — one step at a
//! time. The server keeps the step (`services::onboarding`), so the page always shows where the user left
//! off; every step can be skipped, the whole setup dismissed, and once over the page only says so.

mod steps;

use crate::{
    api::{
        onboarding::{onboarding_status, OnboardingDismiss, OnboardingSkip, SetupProgress},
        ErrorCode,
    },
    ui::components::forms::FormError,
};
use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use steps::{NotificationsStep, PlanStep, PreferencesStep, ProfileStep, StepActions};

fn step_title(step: &str) -> &'static str {
    match step {
        "profile" => "About you",
        "preferences" => "Your preferences",
        "plan" => "Choose a plan",
        _ => "Notifications",
    }
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    let actions = StepActions::new();
    let skip = ServerAction::<OnboardingSkip>::new();
    let dismiss = ServerAction::<OnboardingDismiss>::new();
    let status = Resource::new(
        move || {
            (
                actions.version(),
                skip.version().get(),
                dismiss.version().get(),
            )
        },
        |_| onboarding_status(),
    );
    let query = use_query_map();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let error = Signal::derive(move || {
        actions
            .error()
            .or_else(|| skip.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Welcome"/>
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(Some(progress)) => EitherOf3::A(view! {
                        <Setup progress actions skip dismiss error code/>
                    }),
                    Ok(None) => EitherOf3::B(view! {
                        <h1>"You are all set"</h1>
                        <section class="card" data-testid="setup-done">
                            <p>"Your account is ready. You can change any of these choices later in Profile, Settings and Subscription."</p>
                            <A href="/" attr:class="button primary compact">"Go to your overview"</A>
                        </section>
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="form-error" role="alert">{e.message}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Setup(
    progress: SetupProgress,
    actions: StepActions,
    skip: ServerAction<OnboardingSkip>,
    dismiss: ServerAction<OnboardingDismiss>,
    error: Signal<Option<crate::api::ApiError>>,
    code: Signal<Option<ErrorCode>>,
) -> impl IntoView {
    let step = progress.step.clone();
    let testid = format!("step-{step}");
    let body = match step.as_str() {
        "profile" => view! { <ProfileStep actions error/> }.into_any(),
        "preferences" => view! { <PreferencesStep actions error/> }.into_any(),
        "plan" => view! { <PlanStep actions/> }.into_any(),
        _ => view! { <NotificationsStep actions/> }.into_any(),
    };
    view! {
        <h1>"Welcome! Let’s set up your account"</h1>
        <section class="card setup" aria-labelledby="step-heading" data-testid=testid>
            <p class="muted small" data-testid="step-progress">
                {format!("Step {} of {}", progress.number, progress.total)}
            </p>
            <progress max=progress.total value=progress.number aria-label="Setup progress"></progress>
            <h2 id="step-heading">{step_title(&step)}</h2>
            <FormError error code/>
            {body}
            <div class="setup-skip">
                <ActionForm action=skip attr:class="inline-form">
                    <input type="hidden" name="step" value=step.clone()/>
                    <button type="submit" class="button ghost compact">"Skip this step"</button>
                </ActionForm>
                <ActionForm action=dismiss attr:class="inline-form">
                    <button type="submit" class="button ghost compact">"Don’t show this again"</button>
                </ActionForm>
                <A href="/" attr:class="button ghost compact">"Finish later"</A>
            </div>
        </section>
    }
}

/// The overview's reminder while the setup is unfinished.
#[component]
pub fn SetupHint() -> impl IntoView {
    let status = Resource::new(|| (), |_| onboarding_status());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                status.await.ok().flatten().map(|p| view! {
                    <p class="notice" data-testid="setup-hint">
                        {format!("Your account setup is not finished (step {} of {}). ", p.number, p.total)}
                        <A href="/welcome">"Continue setup"</A>
                    </p>
                })
            })}
        </Suspense>
    }
}
