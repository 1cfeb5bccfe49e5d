//! The REST face: thin axum handlers over `services`, one module per resource, assembled here.

pub mod analytics;
pub mod auth;
pub mod ingest;
pub mod json;
pub mod media;
pub mod overview;
pub mod user;

use super::AppState;
use crate::api::{ApiError, ErrorCode};
use axum::{extract::DefaultBodyLimit, routing::get, Router};

/// JSON bodies beyond this are refused with 413 before they are read into memory.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .nest(
            "/api/auth",
            auth::router().layer(DefaultBodyLimit::max(JSON_BODY_LIMIT)),
        )
        .nest("/api/ingest", ingest::router())
        .merge(user::router())
        .merge(overview::router())
        .merge(analytics::router())
        .route("/media/{key}", get(media::get))
}

/// Unknown paths under `/api/` answer in the API's error shape instead of with the HTML 404 page.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "There is no such API endpoint.")
}
