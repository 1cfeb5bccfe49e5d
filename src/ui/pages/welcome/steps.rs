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
    tr,
    ui::{
        components::{format, forms::Field, outcome::remember_input, theme},
        i18n::{t, t_string, use_i18n},
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

    /// Once the preferences step is saved, the page takes the theme and the language chosen in it. Watched here, by the page,
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
                    // The language chosen here applies at once too, as in Settings.
                    crate::ui::locale::apply(&input.language);
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
    let i18n = use_i18n();
    // Prefilled with the names given at sign-up: ProtectedLayout has waited for the session, so the server
    // and the browser read the same value here.
    let user = session.user.get_untracked().and_then(Result::ok).flatten();
    let (first, last) = user.map_or((String::new(), String::new()), |u| {
        (u.first_name, u.last_name)
    });
    view! {
        <p>{t!(i18n, welcome.profile_lead)}</p>
        <ActionForm action=actions.profile>
            <div class="field-row">
                <div class="field">
                    <label for="field-first_name">{t!(i18n, welcome.first_name)}</label>
                    <input id="field-first_name" name="first_name" autocomplete="given-name" value=first required/>
                    <p class="field-error">{move || error.get().and_then(|e| e.field("first_name").map(str::to_owned))}</p>
                </div>
                <div class="field">
                    <label for="field-last_name">{t!(i18n, welcome.last_name)}</label>
                    <input id="field-last_name" name="last_name" autocomplete="family-name" value=last/>
                    <p class="field-error">{move || error.get().and_then(|e| e.field("last_name").map(str::to_owned))}</p>
                </div>
            </div>
            <Field name="phone" label=tr!(i18n, welcome.phone) kind="tel" autocomplete="tel" error/>
            <button type="submit" class="button primary" disabled=pending>{t!(i18n, welcome.save_continue)}</button>
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

fn theme_name(code: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || match code {
        "light" => t_string!(i18n, welcome.light),
        "dark" => t_string!(i18n, welcome.dark),
        _ => t_string!(i18n, welcome.auto),
    }
}

#[component]
pub fn PreferencesStep(actions: StepActions, error: Signal<Option<ApiError>>) -> impl IntoView {
    let pending = actions.preferences.pending();
    let i18n = use_i18n();
    let tz_error = move || {
        error
            .get()
            .and_then(|e| e.field("timezone").map(str::to_owned))
    };
    view! {
        <p>{t!(i18n, welcome.preferences_lead)}</p>
        <ActionForm action=actions.preferences>
            <div class="field">
                <label for="field-timezone">{t!(i18n, welcome.timezone)}</label>
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
                    <label for="field-language">{t!(i18n, welcome.language)}</label>
                    <select id="field-language" name="language">
                        {LANGUAGES.iter().map(|l| view! { <option value=*l>{language_name(l)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="field-theme">{t!(i18n, welcome.theme)}</label>
                    <select id="field-theme" name="theme">
                        {THEMES
                            .iter()
                            .map(|&t| view! { <option value=t selected=t == "auto">{theme_name(t)}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <button type="submit" class="button primary" disabled=pending>{t!(i18n, welcome.save_continue)}</button>
        </ActionForm>
    }
}

#[component]
pub fn PlanStep(actions: StepActions) -> impl IntoView {
    let pending = actions.plan.pending();
    let overview = Resource::new(|| (), |_| get_subscription());
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, welcome.plan_lead)}</p>
        <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, welcome.loading_plans)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => Either::Left(view! {
                        <ActionForm action=actions.plan>
                            <fieldset class="plan-choice">
                                <legend>{t!(i18n, welcome.plan)}</legend>
                                <label class="choice">
                                    <input type="radio" name="plan_id" value="" checked/>
                                    <span><strong>{t!(i18n, welcome.stay_free)}</strong> {t!(i18n, welcome.free_allowance)}</span>
                                </label>
                                {o.available_plans
                                    .into_iter()
                                    .map(|p| view! {
                                        <label class="choice" data-testid=format!("choose-{}", p.code)>
                                            <input type="radio" name="plan_id" value=p.id.clone()/>
                                            <span>
                                                <strong>{p.name.clone()}</strong>
                                                " — " {format::price(crate::ui::locale::current(), p.price, &p.currency, &p.interval)}
                                                " · " {p.features.join(", ")}
                                            </span>
                                        </label>
                                    })
                                    .collect_view()}
                            </fieldset>
                            <button type="submit" class="button primary" disabled=pending>{t!(i18n, welcome.go_on)}</button>
                        </ActionForm>
                    }),
                    Err(e) => Either::Right(view! { <p class="form-error" role="alert">{crate::ui::components::forms::error_text(e)}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NotificationsStep(actions: StepActions) -> impl IntoView {
    let pending = actions.notifications.pending();
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, welcome.notifications_lead)}</p>
        <ActionForm action=actions.notifications>
            <fieldset class="plan-choice">
                <legend>{t!(i18n, welcome.step_notifications)}</legend>
                <label class="choice">
                    <input type="checkbox" name="email_notifications" value="on" checked/>
                    <span>{t!(i18n, welcome.notify_email)}</span>
                </label>
                <label class="choice">
                    <input type="checkbox" name="sms_notifications" value="on"/>
                    <span>{t!(i18n, welcome.notify_sms)}</span>
                </label>
                <label class="choice">
                    <input type="checkbox" name="marketing_emails" value="on"/>
                    <span>{t!(i18n, welcome.notify_marketing)}</span>
                </label>
            </fieldset>
            <button type="submit" class="button primary" disabled=pending>{t!(i18n, welcome.finish)}</button>
        </ActionForm>
    }
}
