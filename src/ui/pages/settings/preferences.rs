//! Theme, language, time zone and dashboard layout.
//!
//! The time zone is a text input tied to a `<datalist>` of every IANA zone: the browser filters the list as
//! one types ("karachi", "new_york"), which is a searchable picker that needs no JavaScript. The server checks
//! the name and says so beside the field when it is not a zone.

use super::{account::SaveButton, Choice};
use crate::{
    api::settings::{Preferences, SavePreferences},
    ui::components::{
        outcome::{report, Outcome, OutcomeMessage},
        theme,
    },
};
use leptos::prelude::*;

const THEMES: [(&str, &str); 3] = [
    ("light", "Light"),
    ("dark", "Dark"),
    ("auto", "Automatic (follows your system)"),
];
// Each language is named in itself, so a reader of it finds it whatever the page's language.
const LANGUAGES: [(&str, &str); 3] = [
    ("en", "English"),
    ("ur", "اردو (Urdu)"),
    ("ar", "العربية (Arabic)"),
];
const LAYOUTS: [(&str, &str); 3] = [
    ("default", "Default"),
    ("compact", "Compact"),
    ("detailed", "Detailed"),
];

#[component]
pub fn PreferencesCard(preferences: Preferences, zones: Vec<String>) -> impl IntoView {
    let action = ServerAction::<SavePreferences>::new();
    let outcome = RwSignal::new(None::<Outcome>);
    report(action, outcome, |p| {
        format!("Preferences saved. Your time zone is {}.", p.timezone)
    });
    // The page takes the saved theme at once (a reload gets it from the server).
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            if let Some(Ok(saved)) = action.value().get_untracked() {
                theme::apply(&saved.theme);
            }
        },
        false,
    );
    let error = move |field: &'static str| {
        Signal::derive(move || {
            action
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.field(field).map(str::to_owned))
        })
    };
    let zone_error = error("timezone");
    let zone_count = zones.len();

    view! {
        <section class="card" aria-labelledby="preferences-heading">
            <h2 id="preferences-heading">"Preferences"</h2>
            <ActionForm action>
                <div class="field-row wrap">
                    <Choice name="theme" label="Theme" options=&THEMES selected=preferences.theme error=error("theme")/>
                    <Choice name="language" label="Language" options=&LANGUAGES selected=preferences.language error=error("language")/>
                </div>
                <div class="field">
                    <label for="setting-timezone">"Time zone"</label>
                    <input
                        id="setting-timezone"
                        name="timezone"
                        type="text"
                        list="timezone-list"
                        value=preferences.timezone
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="setting-timezone-hint setting-timezone-error"
                        aria-invalid=move || zone_error.get().is_some().then_some("true")
                    />
                    <datalist id="timezone-list" data-testid="timezone-list">
                        {zones.into_iter().map(|zone| view! { <option value=zone></option> }).collect_view()}
                    </datalist>
                    <p class="hint field-hint" id="setting-timezone-hint">
                        {format!("Type a city or region to search {zone_count} time zones, e.g. Karachi or New_York.")}
                    </p>
                    <p class="field-error" id="setting-timezone-error" data-testid="timezone-error">{zone_error}</p>
                </div>
                <Choice
                    name="dashboard_layout"
                    label="Dashboard layout"
                    options=&LAYOUTS
                    selected=preferences.dashboard_layout
                    error=error("dashboard_layout")
                />
                <SaveButton pending=action.pending() label="Save preferences"/>
            </ActionForm>
            <OutcomeMessage outcome testid="preferences-outcome"/>
        </section>
    }
}
