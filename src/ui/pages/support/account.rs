//! The account's data: download it (the REST export, authenticated by the browser's cookie), or delete the
//! account with its password and the word DELETE.
//!
//! The deletion form is a plain HTML form, with or without JavaScript: after it the whole page must change
//! (the session is gone), so a full page load to the goodbye page is what we want anyway.

use crate::{
    api::{support::DeleteAccount, ErrorCode},
    ui::{
        components::forms::message_for,
        i18n::{t, t_string, td_string, use_i18n},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn DownloadData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">{t!(i18n, support.data.heading)}</h2>
            <p>{t!(i18n, support.data.body)}</p>
            <div class="confirm-actions">
                <a href="/api/dashboard/user/export-data/" class="button primary compact" download rel="external" data-testid="download-data">
                    {t!(i18n, support.data.zip)}
                </a>
                <a href="/api/dashboard/user/export-data/?format=json" class="button ghost compact" download rel="external">
                    {t!(i18n, support.data.json)}
                </a>
            </div>
        </section>
    }
}

#[component]
pub fn DeleteAccountForm() -> impl IntoView {
    let query = use_query_map();
    let failed = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    };
    let i18n = use_i18n();
    let message = move || {
        let locale = i18n.get_locale();
        failed().map(|code| match code {
            ErrorCode::ValidationFailed => td_string!(locale, support.delete.invalid),
            ErrorCode::RateLimited => message_for(locale, code),
            _ => td_string!(locale, support.delete.failed),
        })
    };
    view! {
        <section class="card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{t!(i18n, support.delete.heading)}</h2>
            <p>{t!(i18n, support.delete.body)}</p>
            {move || message().map(|m| view! { <p class="form-error" role="alert" data-testid="delete-error">{m}</p> })}
            <form method="post" action=DeleteAccount::url() class="delete-form">
                <div class="field">
                    <label for="delete-password">{t!(i18n, support.delete.password)}</label>
                    <input id="delete-password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="delete-confirmation">{t!(i18n, support.delete.confirm)}</label>
                    <input
                        id="delete-confirmation"
                        name="confirmation"
                        type="text"
                        autocomplete="off"
                        required
                        pattern="DELETE"
                        title=move || t_string!(i18n, support.delete.confirm_title)
                    />
                </div>
                <button type="submit" class="button danger">{t!(i18n, support.delete.submit)}</button>
            </form>
        </section>
    }
}
