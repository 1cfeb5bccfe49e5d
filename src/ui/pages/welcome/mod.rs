//! `/welcome`: the guided setup after sign-up — profile, preferences, plan, notifications — one step at a
//! time. The server keeps the step (`services::onboarding`), so the page always shows where the user left
//! off; every step can be skipped, the whole setup dismissed, and once over the page only says so.

mod steps;

use crate::{
    api::{
        onboarding::{onboarding_status, OnboardingDismiss, OnboardingSkip, SetupProgress},
        ErrorCode,
    },
    ui::{
        components::{
            format,
            forms::{error_text, FormError},
        },
        i18n::{t, t_string, use_i18n},
        locale::fill,
    },
};
use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use steps::{NotificationsStep, PlanStep, PreferencesStep, ProfileStep, StepActions};

fn step_title(step: String) -> impl IntoView {
    let i18n = use_i18n();
    move || match step.as_str() {
        "profile" => t_string!(i18n, welcome.step_profile),
        "preferences" => t_string!(i18n, welcome.step_preferences),
        "plan" => t_string!(i18n, welcome.step_plan),
        _ => t_string!(i18n, welcome.step_notifications),
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
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, welcome.title)/>
        <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(Some(progress)) => EitherOf3::A(view! {
                        <Setup progress actions skip dismiss error code/>
                    }),
                    Ok(None) => EitherOf3::B(view! {
                        <h1>{t!(i18n, welcome.all_set)}</h1>
                        <section class="card" data-testid="setup-done">
                            <p>{t!(i18n, welcome.ready)}</p>
                            <A href="/" attr:class="button primary compact">{t!(i18n, welcome.to_overview)}</A>
                        </section>
                    }),
                    Err(e) => EitherOf3::C(view! { <p class="form-error" role="alert">{error_text(e)}</p> }),
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
    let i18n = use_i18n();
    let (number, total) = (progress.number, progress.total);
    let loc = move || i18n.get_locale();
    let testid = format!("step-{step}");
    let body = match step.as_str() {
        "profile" => view! { <ProfileStep actions error/> }.into_any(),
        "preferences" => view! { <PreferencesStep actions error/> }.into_any(),
        "plan" => view! { <PlanStep actions/> }.into_any(),
        _ => view! { <NotificationsStep actions/> }.into_any(),
    };
    view! {
        <h1>{t!(i18n, welcome.heading)}</h1>
        <section class="card setup" aria-labelledby="step-heading" data-testid=testid>
            <p class="muted small" data-testid="step-progress">
                {move || fill(t_string!(i18n, welcome.step_of), &[("n", &format::count(loc(), number)), ("total", &format::count(loc(), total))])}
            </p>
            <progress max=progress.total value=progress.number aria-label=move || t_string!(i18n, welcome.progress)></progress>
            <h2 id="step-heading">{step_title(step.clone())}</h2>
            <FormError error code/>
            {body}
            <div class="setup-skip">
                <ActionForm action=skip attr:class="inline-form">
                    <input type="hidden" name="step" value=step.clone()/>
                    <button type="submit" class="button ghost compact">{t!(i18n, welcome.skip)}</button>
                </ActionForm>
                <ActionForm action=dismiss attr:class="inline-form">
                    <button type="submit" class="button ghost compact">{t!(i18n, welcome.dismiss)}</button>
                </ActionForm>
                <A href="/" attr:class="button ghost compact">{t!(i18n, welcome.later)}</A>
            </div>
        </section>
    }
}

/// The overview's reminder while the setup is unfinished.
#[component]
pub fn SetupHint() -> impl IntoView {
    let status = Resource::new(|| (), |_| onboarding_status());
    let i18n = use_i18n();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                status.await.ok().flatten().map(|p| {
                    let (number, total) = (p.number, p.total);
                    view! {
                    <p class="notice" data-testid="setup-hint">
                        {move || fill(t_string!(i18n, welcome.hint), &[
                            ("n", &format::count(i18n.get_locale(), number)),
                            ("total", &format::count(i18n.get_locale(), total)),
                        ])}
                        <A href="/welcome">{t!(i18n, welcome.continue_setup)}</A>
                    </p>
                    }
                })
            })}
        </Suspense>
    }
}
