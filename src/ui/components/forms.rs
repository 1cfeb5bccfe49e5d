//! Form helpers: a labelled input that shows the server's message for its field, and the error banner.

use crate::api::{ApiError, ErrorCode};
use leptos::prelude::*;

/// The message for an error code, for pages that only know the code (a form posted without JavaScript
/// comes back as `?error=<code>`).
pub fn message_for(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidCredentials => "The email or password is incorrect.",
        ErrorCode::Conflict => "An account with this email already exists.",
        ErrorCode::ValidationFailed => "Some fields are not valid.",
        ErrorCode::RateLimited => "Too many attempts. Wait a moment and try again.",
        ErrorCode::Unauthorized => "Sign in to continue.",
        ErrorCode::TokenInvalid => {
            "This link is not valid. Check that it was copied whole, or ask for a new one."
        }
        ErrorCode::TokenExpired => "This link has expired. Ask for a new one.",
        ErrorCode::TokenUsed => "This link was already used, or a newer one was sent.",
        _ => "Something went wrong. Please try again.",
    }
}

/// A text input with its label and, when the last submission failed on it, the field's message.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.field(name).map(str::to_owned));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=error_id.clone()
            />
            <p class="field-error" id=error_id>{message}</p>
        </div>
    }
}

/// The form-level error: from the last submission, or from `?error=` after a submission without JavaScript.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(into)] code: Signal<Option<ErrorCode>>,
) -> impl IntoView {
    let text = move || match (error.get(), code.get()) {
        (Some(e), _) if e.fields.is_empty() || e.code != ErrorCode::ValidationFailed => {
            Some(e.message)
        }
        (Some(_), _) => Some(message_for(ErrorCode::ValidationFailed).to_owned()),
        (None, Some(code)) => Some(message_for(code).to_owned()),
        (None, None) => None,
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="form-error" role="alert" data-testid="form-error">{text}</p>
        </Show>
    }
}
