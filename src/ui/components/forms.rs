//! Form helpers: a labelled input that shows the server's message for its field, and the error banner.

use crate::{
    api::{ApiError, ErrorCode},
    ui::{
        i18n::{td_string, use_i18n},
        locale::Locale,
    },
};
use leptos::prelude::*;

/// The message for an error code in the page's language, for pages that only know the code (a form posted
/// without JavaScript comes back as `?error=<code>`).
pub fn message_for(locale: Locale, code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidCredentials => td_string!(locale, common.errors.invalid_credentials),
        ErrorCode::Conflict => td_string!(locale, common.errors.conflict),
        ErrorCode::ValidationFailed => td_string!(locale, common.errors.validation_failed),
        ErrorCode::RateLimited => td_string!(locale, common.errors.rate_limited),
        ErrorCode::Unauthorized => td_string!(locale, common.errors.unauthorized),
        ErrorCode::Forbidden => td_string!(locale, common.errors.forbidden),
        ErrorCode::PayloadTooLarge => td_string!(locale, common.errors.payload_too_large),
        ErrorCode::UnsupportedMediaType => td_string!(locale, common.errors.unsupported_media_type),
        ErrorCode::TokenInvalid => td_string!(locale, common.errors.token_invalid),
        ErrorCode::TokenExpired => td_string!(locale, common.errors.token_expired),
        ErrorCode::TokenUsed => td_string!(locale, common.errors.token_used),
        _ => td_string!(locale, common.errors.generic),
    }
}

/// What to show for an error the server sent. In English its own message (it is the most precise); in
/// another language the translation of its code, for the codes whose meaning does not depend on the
/// operation. A conflict, a missing item or a refused field keeps the server's (English) sentence, which says
/// what exactly went wrong.
pub fn localized(locale: Locale, error: &ApiError) -> String {
    let by_code = matches!(
        error.code,
        ErrorCode::InvalidCredentials
            | ErrorCode::RateLimited
            | ErrorCode::Unauthorized
            | ErrorCode::Forbidden
            | ErrorCode::PayloadTooLarge
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::TokenInvalid
            | ErrorCode::TokenExpired
            | ErrorCode::TokenUsed
            | ErrorCode::Internal
    );
    if locale == Locale::en || !by_code {
        error.message.clone()
    } else {
        message_for(locale, error.code).to_owned()
    }
}

/// `localized`, following the page's language.
pub fn error_text(error: ApiError) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || localized(i18n.get_locale(), &error)
}

/// A text input with its label and, when the last submission failed on it, the field's message.
#[component]
pub fn Field(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
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
    let i18n = use_i18n();
    let text = move || {
        let locale = i18n.get_locale();
        match (error.get(), code.get()) {
            (Some(e), _) if e.fields.is_empty() || e.code != ErrorCode::ValidationFailed => {
                Some(localized(locale, &e))
            }
            (Some(_), _) => Some(message_for(locale, ErrorCode::ValidationFailed).to_owned()),
            (None, Some(code)) => Some(message_for(locale, code).to_owned()),
            (None, None) => None,
        }
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="form-error" role="alert" data-testid="form-error">{text}</p>
        </Show>
    }
}
