//! Contact details and account verification, read from the profile as last saved.

use super::ProfileState;
use crate::ui::components::format;
use leptos::prelude::*;

#[component]
pub fn ContactDetails(state: ProfileState) -> impl IntoView {
    let get = move |f: fn(&crate::api::dashboard::Profile) -> Option<String>| {
        move || state.current.with(|p| p.as_ref().and_then(f))
    };
    view! {
        <section class="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">"Contact details"</h2>
            <dl class="facts" data-testid="contact-details">
                <dt>"Email"</dt>
                <dd>{get(|p| Some(p.email.clone()))}</dd>
                <dt>"Phone"</dt>
                <dd>{move || get(|p| p.phone.clone())().unwrap_or_else(|| "Not given".to_owned())}</dd>
                <dt>"Member since"</dt>
                <dd>{get(|p| Some(format::date(crate::ui::locale::current(), &p.created_at)))}</dd>
            </dl>
        </section>
    }
}

#[component]
pub fn Verification(state: ProfileState) -> impl IntoView {
    let verified = move || {
        state
            .current
            .with(|p| p.as_ref().is_some_and(|p| p.email_verified))
    };
    let pending = move || {
        state
            .current
            .with(|p| p.as_ref().and_then(|p| p.pending_email.clone()))
    };
    let email = move || state.current.with(|p| p.as_ref().map(|p| p.email.clone()));
    view! {
        <section class="card" aria-labelledby="verification-heading">
            <h2 id="verification-heading">"Account verification"</h2>
            <p data-testid="verification-status">
                {move || if verified() {
                    view! { <span class="badge status-completed">"Verified"</span> " " {email} " is confirmed." }.into_any()
                } else {
                    view! { <span class="badge status-missed">"Not verified"</span> " " {email} " has not been confirmed yet." }.into_any()
                }}
            </p>
            {move || pending().map(|address| view! {
                <p class="notice warning" data-testid="pending-email">
                    <strong>"Change waiting for verification: "</strong>
                    {address}
                    ". Your current address stays in use until the new one is confirmed."
                </p>
            })}
        </section>
    }
}
