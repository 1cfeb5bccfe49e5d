//! `/settings`: notification, privacy and call settings, then preferences (theme, language, time zone,
//! dashboard layout) and the overview's widgets.
//!
//! Each card is its own form and saves only its own keys, through the same settings service as
//! `PATCH /api/dashboard/user/settings/` and `/preferences/`. The data is loaded once and the forms are not
//! re-rendered by a save, so focus stays where the user is; each card confirms a save in a live region.
//! A saved theme applies to the open page at once (`components::theme`); the language is the i18n work's part.

mod account;
mod preferences;
mod widgets;

use crate::{
    api::{
        settings::{get_preferences, get_settings, list_timezones},
        ErrorCode,
    },
    ui::{
        components::{forms::FormError, states::ErrorState},
        i18n::{t, t_string, use_i18n},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let query = use_query_map();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let settings = Resource::new(|| (), |_| get_settings());
    let preferences = Resource::new(|| (), |_| get_preferences());
    let zones = Resource::new(|| (), |_| list_timezones());
    let i18n = use_i18n();

    view! {
        <Title text=move || t_string!(i18n, settings.title)/>
        <h1>{t!(i18n, settings.title)}</h1>
        <FormError error=Signal::derive(|| None) code/>
        <Suspense fallback=move || view! { <p class="loading card" role="status">{t!(i18n, settings.loading)}</p> }>
            {move || Suspend::new(async move {
                match (settings.await, preferences.await, zones.await) {
                    (Ok(s), Ok(p), Ok(zones)) => Either::Left(view! {
                        <div class="settings-grid">
                            <account::Notifications settings=s.notification_preferences/>
                            <account::Privacy settings=s.privacy_settings/>
                            <account::Calls settings=s.call_preferences/>
                            <preferences::PreferencesCard preferences=p.clone() zones/>
                            <widgets::Widgets shown=p.dashboard_widgets/>
                        </div>
                    }),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                        Either::Right(view! { <ErrorState error=e/> })
                    }
                }
            })}
        </Suspense>
    }
}

/// A labelled checkbox; a browser sends it only when ticked.
#[component]
fn Toggle(
    name: &'static str,
    label: Signal<String>,
    checked: bool,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let id = format!("setting-{name}");
    let hint_id = hint.map(|_| format!("{id}-hint"));
    view! {
        <div class="toggle">
            <input type="checkbox" id=id.clone() name=name value="on" checked=checked aria-describedby=hint_id.clone()/>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint toggle-hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// A labelled select of `options` (value, label) with `selected` chosen, and the server's message for it.
#[component]
fn Choice(
    name: &'static str,
    label: Signal<String>,
    /// Each option's value and its words.
    options: Vec<(&'static str, Signal<String>)>,
    selected: String,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("setting-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name aria-describedby=error_id.clone() aria-invalid=move || error.get().is_some().then_some("true")>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=selected == value>{text}</option> })
                    .collect_view()}
            </select>
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}
