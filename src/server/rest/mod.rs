//! The REST face: thin axum handlers over `services`, one module per resource, assembled here.

pub mod analytics;
pub mod auth;
pub mod docs;
pub mod email;
pub mod ingest;
pub mod json;
pub mod media;
pub mod openapi;
pub mod overview;
pub mod user;

use super::AppState;
use crate::api::{ApiError, ErrorCode};
use axum::{
    extract::DefaultBodyLimit,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

/// JSON bodies beyond this are refused with 413 before they are read into memory.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .nest(
            "/api/auth",
            auth::router()
                .merge(email::router())
                .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT)),
        )
        .nest("/api/ingest", ingest::router())
        .merge(user::router())
        .merge(overview::router())
        .merge(analytics::router())
        .route("/media/{key}", get(media::get))
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/api/docs", get(docs::page))
}

/// Unknown paths under `/api/` answer in the API's error shape instead of with the HTML 404 page.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "There is no such API endpoint.")
}

/// The server-wide body limit (tower-http's `RequestBodyLimitLayer`) refuses a body whose Content-Length is
/// too large before any handler runs, with a plain-text 413; this gives that refusal the API's error shape.
/// Our own 413s are JSON already and pass unchanged.
pub async fn json_payload_too_large(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_json {
        return response;
    }
    ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large.").into_response()
}
