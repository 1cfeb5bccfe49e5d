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
    ui::components::outcome::{report, Outcome, OutcomeMessage},
};
use leptos::{prelude::*, server_fn::ServerFn};

const VISIBILITY: [(&str, &str); 2] = [
    ("public", "Public — others in your organisation can see it"),
    ("private", "Private — only you"),
];
const QUALITY: [(&str, &str); 3] = [
    ("low", "Low — saves data"),
    ("standard", "Standard"),
    ("high", "High"),
];

/// The outcome line of a card, worded once for every settings save.
fn saved<S>(action: ServerAction<S>, what: &'static str) -> RwSignal<Option<Outcome>>
where
    S: ServerFn<Output = Settings, Error = ApiError> + Clone + Send + Sync + 'static,
{
    let outcome = RwSignal::new(None);
    report(action, outcome, move |_| format!("{what} saved."));
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
    let outcome = saved(action, "Notification preferences");
    view! {
        <section class="card" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">"Notifications"</h2>
            <ActionForm action>
                <fieldset>
                    <legend class="visually-hidden">"Notify me by"</legend>
                    <Toggle name="email_notifications" label="Email notifications" checked=settings.email_notifications/>
                    <Toggle name="sms_notifications" label="SMS notifications" checked=settings.sms_notifications/>
                    <Toggle name="marketing_emails" label="Marketing emails" checked=settings.marketing_emails hint="News about products and offers."/>
                </fieldset>
                <SaveButton pending=action.pending() label="Save notifications"/>
            </ActionForm>
            <OutcomeMessage outcome testid="notifications-outcome"/>
        </section>
    }
}

#[component]
pub fn Privacy(settings: PrivacySettings) -> impl IntoView {
    let action = ServerAction::<SavePrivacy>::new();
    let outcome = saved(action, "Privacy settings");
    view! {
        <section class="card" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">"Privacy"</h2>
            <ActionForm action>
                <Choice
                    name="profile_visibility"
                    label="Profile visibility"
                    options=&VISIBILITY
                    selected=settings.profile_visibility
                    error=field_error(action, "privacy_settings.profile_visibility")
                />
                <Toggle
                    name="call_recording_consent"
                    label="I consent to calls being recorded"
                    checked=settings.call_recording_consent
                    hint="Without consent, calls are never recorded, whatever the call preferences say."
                />
                <SaveButton pending=action.pending() label="Save privacy"/>
            </ActionForm>
            <OutcomeMessage outcome testid="privacy-outcome"/>
        </section>
    }
}

#[component]
pub fn Calls(settings: CallPreferences) -> impl IntoView {
    let action = ServerAction::<SaveCallPreferences>::new();
    let outcome = saved(action, "Call preferences");
    view! {
        <section class="card" aria-labelledby="calls-heading">
            <h2 id="calls-heading">"Call preferences"</h2>
            <ActionForm action>
                <Toggle name="auto_record_calls" label="Record calls automatically" checked=settings.auto_record_calls/>
                <Toggle name="ai_assistance_enabled" label="AI assistance during calls" checked=settings.ai_assistance_enabled/>
                <Choice
                    name="call_quality"
                    label="Call quality"
                    options=&QUALITY
                    selected=settings.call_quality
                    error=field_error(action, "call_preferences.call_quality")
                />
                <SaveButton pending=action.pending() label="Save call preferences"/>
            </ActionForm>
            <OutcomeMessage outcome testid="calls-outcome"/>
        </section>
    }
}

#[component]
pub fn SaveButton(pending: Memo<bool>, label: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="button primary compact" disabled=move || pending.get()>
            {move || if pending.get() { "Saving…" } else { label }}
        </button>
    }
}
