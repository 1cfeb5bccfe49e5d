//! The forms of the setup's steps. Each posts to its own server function, which saves through the owning
//! service and moves the setup on.

use crate::{
    api::{
        billing::get_subscription,
        onboarding::{
            OnboardingNotifications, OnboardingPlan, OnboardingPreferences, OnboardingProfile,
        },
        settings::{LANGUAGES, THEMES},
        ApiError,
    },
    ui::{
        components::{format, forms::Field, outcome::remember_input, theme},
        Session,
    },
};
use leptos::{either::Either, prelude::*};

/// Common zones offered as suggestions; any IANA name is accepted.
const TIMEZONES: [&str; 16] = [
    "UTC",
    "Asia/Karachi",
    "Asia/Dubai",
    "Asia/Riyadh",
    "Africa/Cairo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
];

#[derive(Clone, Copy)]
pub struct StepActions {
    profile: ServerAction<OnboardingProfile>,
    preferences: ServerAction<OnboardingPreferences>,
    plan: ServerAction<OnboardingPlan>,
    notifications: ServerAction<OnboardingNotifications>,
}

impl StepActions {
    pub fn new() -> Self {
        let actions = Self {
            profile: ServerAction::new(),
            preferences: ServerAction::new(),
            plan: ServerAction::new(),
            notifications: ServerAction::new(),
        };
        actions.apply_saved_theme();
        actions
    }

    /// Once the preferences step is saved, the page takes the theme chosen in it. Watched here, by the page,
    /// rather than by the step, which is gone as soon as the setup moves on.
    fn apply_saved_theme(&self) {
        let action = self.preferences;
        let sent = remember_input(action);
        Effect::watch(
            move || action.version().get(),
            move |_, _, _| {
                if let (Some(Ok(())), Some(input)) =
                    (action.value().get_untracked(), sent.get_value())
                {
                    theme::apply(&input.theme);
                }
            },
            false,
        );
    }

    /// Changes whenever any step was sent.
    pub fn version(&self) -> usize {
        self.profile.version().get()
            + self.preferences.version().get()
            + self.plan.version().get()
            + self.notifications.version().get()
    }

    /// The error of the last step sent, if it failed.
    pub fn error(&self) -> Option<ApiError> {
        let err = |r: Option<Result<(), ApiError>>| r.and_then(Result::err);
        err(self.profile.value().get())
            .or_else(|| err(self.preferences.value().get()))
            .or_else(|| err(self.plan.value().get()))
            .or_else(|| err(self.notifications.value().get()))
    }
}

#[component]
pub fn ProfileStep(actions: StepActions, error: Signal<Option<ApiError>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let pending = actions.profile.pending();
    // Prefilled with the names given at sign-up: ProtectedLayout has waited for the session, so the server
    // and the browser read the same value here.
    let user = session.user.get_untracked().and_then(Result::ok).flatten();
    let (first, last) = user.map_or((String::new(), String::new()), |u| {
        (u.first_name, u.last_name)
    });
    view! {
        <p>"How should we address you? A phone number lets your agents call you back."</p>
        <ActionForm action=actions.profile>
            <div class="field-row">
                <div class="field">
                    <label for="field-first_name">"First name"</label>
                    <input id="field-first_name" name="first_name" autocomplete="given-name" value=first required/>
                    <p class="field-error">{move || error.get().and_then(|e| e.field("first_name").map(str::to_owned))}</p>
                </div>
                <div class="field">
                    <label for="field-last_name">"Last name"</label>
                    <input id="field-last_name" name="last_name" autocomplete="family-name" value=last/>
                    <p class="field-error">{move || error.get().and_then(|e| e.field("last_name").map(str::to_owned))}</p>
                </div>
            </div>
            <Field name="phone" label="Phone (optional, international form, e.g. +923001234567)" kind="tel" autocomplete="tel" error/>
            <button type="submit" class="button primary" disabled=pending>"Save and continue"</button>
        </ActionForm>
    }
}

fn language_name(code: &str) -> &'static str {
    match code {
        "ur" => "اردو (Urdu)",
        "ar" => "العربية (Arabic)",
        _ => "English",
    }
}

fn theme_name(code: &str) -> &'static str {
    match code {
        "light" => "Light",
        "dark" => "Dark",
        _ => "Automatic (follows your system)",
    }
}

#[component]
pub fn PreferencesStep(actions: StepActions, error: Signal<Option<ApiError>>) -> impl IntoView {
    let pending = actions.preferences.pending();
    let tz_error = move || {
        error
            .get()
            .and_then(|e| e.field("timezone").map(str::to_owned))
    };
    view! {
        <p>"Dates and “this month” follow your time zone."</p>
        <ActionForm action=actions.preferences>
            <div class="field">
                <label for="field-timezone">"Time zone"</label>
                <input
                    id="field-timezone"
                    name="timezone"
                    list="timezone-options"
                    value="UTC"
                    required
                    aria-invalid=move || tz_error().is_some().then_some("true")
                    aria-describedby="field-timezone-error"
                />
                <datalist id="timezone-options">
                    {TIMEZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
                </datalist>
                <p class="field-error" id="field-timezone-error">{tz_error}</p>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="field-language">"Language"</label>
                    <select id="field-language" name="language">
                        {LANGUAGES.iter().map(|l| view! { <option value=*l>{language_name(l)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="field-theme">"Theme"</label>
                    <select id="field-theme" name="theme">
                        {THEMES
                            .iter()
                            .map(|t| view! { <option value=*t selected=*t == "auto">{theme_name(t)}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <button type="submit" class="button primary" disabled=pending>"Save and continue"</button>
        </ActionForm>
    }
}

#[component]
pub fn PlanStep(actions: StepActions) -> impl IntoView {
    let pending = actions.plan.pending();
    let overview = Resource::new(|| (), |_| get_subscription());
    view! {
        <p>"Start free and upgrade whenever you need more. A paid plan is charged now for its first period; you can change or cancel it at any time on the Subscription page."</p>
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading plans…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => Either::Left(view! {
                        <ActionForm action=actions.plan>
                            <fieldset class="plan-choice">
                                <legend>"Plan"</legend>
                                <label class="choice">
                                    <input type="radio" name="plan_id" value="" checked/>
                                    <span><strong>"Stay on Free"</strong> " — the free allowance, no card needed"</span>
                                </label>
                                {o.available_plans
                                    .into_iter()
                                    .map(|p| view! {
                                        <label class="choice" data-testid=format!("choose-{}", p.code)>
                                            <input type="radio" name="plan_id" value=p.id.clone()/>
                                            <span>
                                                <strong>{p.name.clone()}</strong>
                                                " — " {format::price(p.price, &p.currency, &p.interval)}
                                                " · " {p.features.join(", ")}
                                            </span>
                                        </label>
                                    })
                                    .collect_view()}
                            </fieldset>
                            <button type="submit" class="button primary" disabled=pending>"Continue"</button>
                        </ActionForm>
                    }),
                    Err(e) => Either::Right(view! { <p class="form-error" role="alert">{e.message}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NotificationsStep(actions: StepActions) -> impl IntoView {
    let pending = actions.notifications.pending();
    view! {
        <p>"Choose what we may send you. You can change this later in Settings."</p>
        <ActionForm action=actions.notifications>
            <fieldset class="plan-choice">
                <legend>"Notifications"</legend>
                <label class="choice">
                    <input type="checkbox" name="email_notifications" value="on" checked/>
                    <span>"Email me about my account, billing and calls"</span>
                </label>
                <label class="choice">
                    <input type="checkbox" name="sms_notifications" value="on"/>
                    <span>"Text me urgent alerts (needs a phone number)"</span>
                </label>
                <label class="choice">
                    <input type="checkbox" name="marketing_emails" value="on"/>
                    <span>"Send me product news and offers"</span>
                </label>
            </fieldset>
            <button type="submit" class="button primary" disabled=pending>"Finish setup"</button>
        </ActionForm>
    }
}
