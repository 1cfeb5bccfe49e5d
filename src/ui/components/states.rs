//! Shared loading, empty and error states, so every list says the same thing the same way.

use crate::{
    api::ApiError,
    ui::{
        components::forms::error_text,
        i18n::{t, use_i18n},
    },
};
use leptos::prelude::*;

/// A failed load, with the server's message and a way to try again.
#[component]
pub fn ErrorState(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-state" role="alert">
            <p><strong>{t!(i18n, common.load_failed)}</strong> " " {error_text(error)}</p>
            <p><a href="">{t!(i18n, common.try_again)}</a></p>
        </div>
    }
}
