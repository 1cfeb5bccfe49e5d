//! Theme, language, time zone and dashboard layout.
//!
//! The time zone is a text input tied to a `<datalist>` of every IANA zone: the browser filters the list as
//! one types ("karachi", "new_york"), which is a searchable picker that needs no JavaScript. The server checks
//! the name and says so beside the field when it is not a zone.

use super::{account::SaveButton, Choice};
use crate::{
    api::settings::{Preferences, SavePreferences},
    tr,
    ui::{
        components::{
            format,
            outcome::{report, Outcome, OutcomeMessage},
            theme,
        },
        i18n::{t, td_string, use_i18n},
        locale::fill,
    },
};
use leptos::prelude::*;

// Each language is named in itself, so a reader of it finds it whatever the page's language.
const LANGUAGES: [(&str, &str); 3] = [
    ("en", "English"),
    ("ur", "اردو (Urdu)"),
    ("ar", "العربية (Arabic)"),
];

#[component]
pub fn PreferencesCard(preferences: Preferences, zones: Vec<String>) -> impl IntoView {
    let action = ServerAction::<SavePreferences>::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let i18n = use_i18n();
    report(action, outcome, move |p| {
        // The page switches to the saved language at once; the message is worded in it.
        crate::ui::locale::apply(&p.language);
        let locale = p
            .language
            .parse()
            .unwrap_or_else(|_| i18n.get_locale_untracked());
        fill(
            td_string!(locale, settings.preferences.saved),
            &[("zone", &p.timezone)],
        )
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
    let zone_count = zones.len() as i64;
    let themes = vec![
        ("light", tr!(i18n, settings.preferences.light)),
        ("dark", tr!(i18n, settings.preferences.dark)),
        ("auto", tr!(i18n, settings.preferences.auto)),
    ];
    let languages = LANGUAGES
        .iter()
        .map(|(code, name)| (*code, Signal::stored(name.to_string())))
        .collect();
    let layouts = vec![
        ("default", tr!(i18n, settings.preferences.default)),
        ("compact", tr!(i18n, settings.preferences.compact)),
        ("detailed", tr!(i18n, settings.preferences.detailed)),
    ];

    view! {
        <section class="card" aria-labelledby="preferences-heading">
            <h2 id="preferences-heading">{t!(i18n, settings.preferences.heading)}</h2>
            <ActionForm action>
                <div class="field-row wrap">
                    <Choice name="theme" label=tr!(i18n, settings.preferences.theme) options=themes selected=preferences.theme error=error("theme")/>
                    <Choice name="language" label=tr!(i18n, settings.preferences.language) options=languages selected=preferences.language error=error("language")/>
                </div>
                <div class="field">
                    <label for="setting-timezone">{t!(i18n, settings.preferences.timezone)}</label>
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
                        {move || fill(td_string!(i18n.get_locale(), settings.preferences.zone_hint), &[("n", &format::count(i18n.get_locale(), zone_count))])}
                    </p>
                    <p class="field-error" id="setting-timezone-error" data-testid="timezone-error">{zone_error}</p>
                </div>
                <Choice
                    name="dashboard_layout"
                    label=tr!(i18n, settings.preferences.layout)
                    options=layouts
                    selected=preferences.dashboard_layout
                    error=error("dashboard_layout")
                />
                <SaveButton pending=action.pending() label=tr!(i18n, settings.preferences.save)/>
            </ActionForm>
            <OutcomeMessage outcome testid="preferences-outcome"/>
        </section>
    }
}
