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
pub fn SupportPage() -> impl IntoView {
    view! { <Section title="Support" summary="Help articles, contacting support, exporting your data and deleting your account."/> }
}
