//! The account's data: download it (the REST export, authenticated by the browser's cookie), or delete the
//! account with its password and the word DELETE.
//!
//! The deletion form is a plain HTML form, with or without JavaScript: after it the whole page must change
//! (the session is gone), so a full page load to the goodbye page is what we want anyway.

use crate::api::{support::DeleteAccount, ErrorCode};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn DownloadData() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">"Download my data"</h2>
            <p>
                "A ZIP file with your profile, settings, subscription, calls, chats, images, usage, invoices, "
                "notifications, sign-ins and support tickets, as CSV and JSON."
            </p>
            <div class="confirm-actions">
                <a href="/api/dashboard/user/export-data/" class="button primary compact" download rel="external" data-testid="download-data">
                    "Download my data (ZIP)"
                </a>
                <a href="/api/dashboard/user/export-data/?format=json" class="button ghost compact" download rel="external">
                    "As one JSON file"
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
    let message = move || {
        failed().map(|code| match code {
            ErrorCode::ValidationFailed => {
                "The account was not deleted: check your password and type DELETE in capitals."
            }
            ErrorCode::RateLimited => "Too many attempts. Wait a moment and try again.",
            _ => "The account was not deleted. Please try again.",
        })
    };
    view! {
        <section class="card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete account"</h2>
            <p>
                "Deleting your account removes your profile, calls, recordings, chats, images, usage, invoices, "
                "cards, notifications and tickets at once. It cannot be undone; download your data first if you "
                "may need it."
            </p>
            {move || message().map(|m| view! { <p class="form-error" role="alert" data-testid="delete-error">{m}</p> })}
            <form method="post" action=DeleteAccount::url() class="delete-form">
                <div class="field">
                    <label for="delete-password">"Your password"</label>
                    <input id="delete-password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="delete-confirmation">"Type DELETE to confirm"</label>
                    <input
                        id="delete-confirmation"
                        name="confirmation"
                        type="text"
                        autocomplete="off"
                        required
                        pattern="DELETE"
                        title="Type DELETE in capitals"
                    />
                </div>
                <button type="submit" class="button danger">"Delete my account"</button>
            </form>
        </section>
    }
}
