//! The dashboard sections whose content is still being built. Each says what it will hold, so the
//! navigation is complete and honest from the first release.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Section(title: &'static str, summary: &'static str) -> impl IntoView {
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <section class="card">
            <p>{summary}</p>
            <p class="muted">"This section is being built and will appear here in an upcoming release."</p>
        </section>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <Section title="Profile" summary="Your personal information, avatar, contact details and verification status."/> }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <Section title="Settings" summary="Notifications, privacy, call preferences, theme, language, timezone and security."/> }
}
