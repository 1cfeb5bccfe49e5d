//! The one error shape of the product, for both faces.
//!
//! REST clients receive `{"error": {"code", "message", "fields"}}` with the status that `ErrorCode::status`
//! names; server functions carry the same `ApiError` to the browser, so a form shows the same message and the
//! same field errors whether it was sent by the wasm client or as a plain HTML form.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Stable, machine-readable error codes. Clients may match on them; the wording of `message` may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    ValidationFailed,
    Unauthorized,
    InvalidCredentials,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Internal,
    /// A link token (email verification, password reset) that is malformed or unknown.
    TokenInvalid,
    /// A link token past its lifetime: ask for a new link.
    TokenExpired,
    /// A link token that was already used (or replaced by a newer link).
    TokenUsed,
}

impl ErrorCode {
    /// The HTTP status for each code: the single place where that mapping lives.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::ValidationFailed => 400,
            ErrorCode::Unauthorized | ErrorCode::InvalidCredentials => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::TokenInvalid => 400,
            ErrorCode::TokenExpired | ErrorCode::TokenUsed => 410,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::TokenExpired => "token_expired",
            ErrorCode::TokenUsed => "token_used",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
    }
}

/// Field name → human messages, ordered so responses are stable.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// An error as a client sees it. Internal details are never put in here (see `server::error`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Field name → messages, for the fields at fault; absent when there are none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ssr", schema(value_type = HashMap<String, Vec<String>>))]
    pub fields: FieldErrors,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: FieldErrors::new(),
        }
    }

    /// A 400 that points at the fields at fault.
    pub fn validation(fields: FieldErrors) -> Self {
        Self {
            code: ErrorCode::ValidationFailed,
            message: "Some fields are not valid.".into(),
            fields,
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, "Sign in to continue.")
    }

    /// The first message for `field`, for showing beside a form input.
    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields
            .get(field)
            .and_then(|m| m.first())
            .map(String::as_str)
    }
}

/// The REST body: `{"error": {...}}`.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

/// Lets server functions return `Result<T, ApiError>`; failures of the transport itself (a network error,
/// arguments that do not decode) become codes of the same taxonomy.
impl leptos::server_fn::error::FromServerFnError for ApiError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(m) | E::MissingArg(m) | E::Deserialization(m) => {
                ApiError::new(ErrorCode::BadRequest, m)
            }
            E::Request(_) | E::Response(_) => ApiError::new(
                ErrorCode::Internal,
                "The server could not be reached. Try again.",
            ),
            _ => ApiError::new(ErrorCode::Internal, "Something went wrong on our side."),
        }
    }
}
