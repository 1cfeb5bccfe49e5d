//! The server's error type and its single mapping onto HTTP.
//!
//! `AppError` is what services return. Client-facing failures carry an `ApiError` (code, message, field
//! errors); everything else — a database that went away, a bug — is logged here with its details and reaches
//! the client only as a generic 500, so internals never leak.

use crate::api::{error::ErrorBody, ApiError, ErrorCode, FieldErrors};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A failure the client caused or may act on.
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
    /// Too many attempts (`services::throttle`): a 429 whose `Retry-After` says how many seconds to wait.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Api(ApiError::new(code, message))
    }

    /// A 400 naming one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), vec![message.into()]);
        AppError::Api(ApiError::validation(fields))
    }

    pub fn unauthorized() -> Self {
        AppError::Api(ApiError::unauthorized())
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found."))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        AppError::Internal(message.into())
    }

    /// The client-facing form. Internal failures are logged here, once, and replaced by a generic message.
    pub fn to_api(&self) -> ApiError {
        match self {
            AppError::Api(e) => e.clone(),
            AppError::Database(e) => {
                tracing::error!(error = %e, "database error");
                internal_api_error()
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                internal_api_error()
            }
            AppError::RateLimited { retry_after_secs } => ApiError::new(
                ErrorCode::RateLimited,
                format!("Too many attempts. Try again in {retry_after_secs} seconds."),
            ),
        }
    }

    /// Seconds to wait before trying again, for a rate-limited request.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

fn internal_api_error() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Something went wrong on our side. Please try again.",
    )
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        e.to_api()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let retry_after = self.retry_after();
        let mut response = self.to_api().into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// `ApiError` lives in the shared crate half (no axum there), so its HTTP form is defined here.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(ErrorBody { error: self })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Turns a unique-constraint violation into a field error ("email is taken") instead of a 500, without
/// string-matching database messages in the services.
pub trait ResultExt<T> {
    fn on_unique_violation(self, field: &str, message: &str) -> Result<T, AppError>;
}

impl<T> ResultExt<T> for Result<T, sqlx::Error> {
    fn on_unique_violation(self, field: &str, message: &str) -> Result<T, AppError> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                let mut fields = FieldErrors::new();
                fields.insert(field.to_owned(), vec![message.to_owned()]);
                AppError::Api(ApiError {
                    code: ErrorCode::Conflict,
                    message: message.to_owned(),
                    fields,
                })
            }
            _ => AppError::Database(e),
        })
    }
}
