//! Shared loading, empty and error states, so every list says the same thing the same way.

use crate::api::ApiError;
use leptos::prelude::*;

/// A failed load, with the server's message and a way to try again.
#[component]
pub fn ErrorState(error: ApiError) -> impl IntoView {
    view! {
        <div class="error-state" role="alert">
            <p><strong>"We could not load this."</strong> " " {error.message}</p>
            <p><a href="">"Try again"</a></p>
        </div>
    }
}
