//! `Json<T>` with our error shape: a malformed body, a wrong type, a missing content type or an oversized
//! body each get a 4xx in the common shape instead of axum's plain-text rejections.

use crate::{api::ErrorCode, server::AppError};
use axum::{
    extract::{rejection::JsonRejection, FromRequest, Request},
    http::StatusCode,
};
use serde::de::DeserializeOwned;

pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
    }
}

fn rejection_to_error(rejection: JsonRejection) -> AppError {
    let code = match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        _ => ErrorCode::BadRequest,
    };
    let message = match &rejection {
        JsonRejection::JsonDataError(e) => {
            format!("The request body has the wrong shape: {}", e.body_text())
        }
        JsonRejection::JsonSyntaxError(_) => "The request body is not valid JSON.".to_owned(),
        JsonRejection::MissingJsonContentType(_) => "Send the body as application/json.".to_owned(),
        _ if code == ErrorCode::PayloadTooLarge => "The request body is too large.".to_owned(),
        _ => "The request body could not be read.".to_owned(),
    };
    AppError::new(code, message)
}

/// `Query<T>` with our error shape for a query string that does not parse.
pub struct Query<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection| {
                AppError::new(
                    ErrorCode::BadRequest,
                    format!("The query string is not valid: {}", rejection.body_text()),
                )
            })
    }
}
