//! Contact details and account verification, read from the profile as last saved.

use super::ProfileState;
use crate::ui::{
    components::format,
    i18n::{t, t_string, use_i18n},
};
use leptos::prelude::*;

#[component]
pub fn ContactDetails(state: ProfileState) -> impl IntoView {
    let get = move |f: fn(&crate::api::dashboard::Profile) -> Option<String>| {
        move || state.current.with(|p| p.as_ref().and_then(f))
    };
    let i18n = use_i18n();
    let joined = move || {
        let locale = i18n.get_locale();
        state
            .current
            .with(|p| p.as_ref().map(|p| format::date(locale, &p.created_at)))
    };
    view! {
        <section class="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">{t!(i18n, profile.contact)}</h2>
            <dl class="facts" data-testid="contact-details">
                <dt>{t!(i18n, profile.email)}</dt>
                <dd>{get(|p| Some(p.email.clone()))}</dd>
                <dt>{t!(i18n, profile.phone)}</dt>
                <dd dir="ltr" class="phone">{move || get(|p| p.phone.clone())().unwrap_or_else(|| t_string!(i18n, profile.not_given).to_owned())}</dd>
                <dt>{t!(i18n, profile.member_since)}</dt>
                <dd>{joined}</dd>
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
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="verification-heading">
            <h2 id="verification-heading">{t!(i18n, profile.verification)}</h2>
            <p data-testid="verification-status">
                {move || if verified() {
                    view! { <span class="badge status-completed">{t!(i18n, profile.verified)}</span> " " {email} {t!(i18n, profile.is_confirmed)} }.into_any()
                } else {
                    view! { <span class="badge status-missed">{t!(i18n, profile.not_verified)}</span> " " {email} {t!(i18n, profile.not_confirmed)} }.into_any()
                }}
            </p>
            {move || pending().map(|address| view! {
                <p class="notice warning" data-testid="pending-email">
                    <strong>{t!(i18n, profile.pending)}</strong>
                    {address}
                    {t!(i18n, profile.pending_rest)}
                </p>
            })}
        </section>
    }
}
