//! Notification, privacy and call settings: three small forms, each saving its own section.

use super::{Choice, Toggle};
use crate::{
    api::{
        settings::{
            CallPreferences, NotificationPreferences, PrivacySettings, SaveCallPreferences,
            SaveNotifications, SavePrivacy, Settings,
        },
        ApiError,
    },
    tr,
    ui::{
        components::outcome::{report, Outcome, OutcomeMessage},
        i18n::{t, use_i18n},
        locale::Locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The outcome line of a card: `what` words the save in the language of the moment it completes.
fn saved<S>(action: ServerAction<S>, what: fn(Locale) -> &'static str) -> RwSignal<Option<Outcome>>
where
    S: ServerFn<Output = Settings, Error = ApiError> + Clone + Send + Sync + 'static,
{
    let outcome = RwSignal::new(None);
    report(action, outcome, move |_| {
        what(crate::ui::locale::current()).to_owned()
    });
    outcome
}

/// The field error of a failed save of `action` for `field`.
fn field_error<S>(action: ServerAction<S>, field: &'static str) -> Signal<Option<String>>
where
    S: ServerFn<Output = Settings, Error = ApiError> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field(field).map(str::to_owned))
    })
}

#[component]
pub fn Notifications(settings: NotificationPreferences) -> impl IntoView {
    let action = ServerAction::<SaveNotifications>::new();
    let outcome = saved(action, |l| {
        crate::ui::i18n::td_string!(l, settings.saved_notifications)
    });
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">{t!(i18n, settings.notifications.heading)}</h2>
            <ActionForm action>
                <fieldset>
                    <legend class="visually-hidden">{t!(i18n, settings.notifications.legend)}</legend>
                    <Toggle name="email_notifications" label=tr!(i18n, settings.notifications.email) checked=settings.email_notifications/>
                    <Toggle name="sms_notifications" label=tr!(i18n, settings.notifications.sms) checked=settings.sms_notifications/>
                    <Toggle name="marketing_emails" label=tr!(i18n, settings.notifications.marketing) checked=settings.marketing_emails
                        hint=tr!(i18n, settings.notifications.marketing_hint)/>
                </fieldset>
                <SaveButton pending=action.pending() label=tr!(i18n, settings.notifications.save)/>
            </ActionForm>
            <OutcomeMessage outcome testid="notifications-outcome"/>
        </section>
    }
}

#[component]
pub fn Privacy(settings: PrivacySettings) -> impl IntoView {
    let action = ServerAction::<SavePrivacy>::new();
    let outcome = saved(action, |l| {
        crate::ui::i18n::td_string!(l, settings.saved_privacy)
    });
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">{t!(i18n, settings.privacy.heading)}</h2>
            <ActionForm action>
                <Choice
                    name="profile_visibility"
                    label=tr!(i18n, settings.privacy.visibility)
                    options=vec![("public", tr!(i18n, settings.privacy.public)), ("private", tr!(i18n, settings.privacy.private))]
                    selected=settings.profile_visibility
                    error=field_error(action, "privacy_settings.profile_visibility")
                />
                <Toggle
                    name="call_recording_consent"
                    label=tr!(i18n, settings.privacy.consent)
                    checked=settings.call_recording_consent
                    hint=tr!(i18n, settings.privacy.consent_hint)
                />
                <SaveButton pending=action.pending() label=tr!(i18n, settings.privacy.save)/>
            </ActionForm>
            <OutcomeMessage outcome testid="privacy-outcome"/>
        </section>
    }
}

#[component]
pub fn Calls(settings: CallPreferences) -> impl IntoView {
    let action = ServerAction::<SaveCallPreferences>::new();
    let outcome = saved(action, |l| {
        crate::ui::i18n::td_string!(l, settings.saved_calls)
    });
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="calls-heading">
            <h2 id="calls-heading">{t!(i18n, settings.calls.heading)}</h2>
            <ActionForm action>
                <Toggle name="auto_record_calls" label=tr!(i18n, settings.calls.record) checked=settings.auto_record_calls/>
                <Toggle name="ai_assistance_enabled" label=tr!(i18n, settings.calls.ai) checked=settings.ai_assistance_enabled/>
                <Choice
                    name="call_quality"
                    label=tr!(i18n, settings.calls.quality)
                    options=vec![
                        ("low", tr!(i18n, settings.calls.low)),
                        ("standard", tr!(i18n, settings.calls.standard)),
                        ("high", tr!(i18n, settings.calls.high)),
                    ]
                    selected=settings.call_quality
                    error=field_error(action, "call_preferences.call_quality")
                />
                <SaveButton pending=action.pending() label=tr!(i18n, settings.calls.save)/>
            </ActionForm>
            <OutcomeMessage outcome testid="calls-outcome"/>
        </section>
    }
}

#[component]
pub fn SaveButton(pending: Memo<bool>, label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button primary compact" disabled=move || pending.get()>
            {move || if pending.get() { crate::ui::i18n::t_string!(i18n, settings.saving).to_owned() } else { label.get() }}
        </button>
    }
}
