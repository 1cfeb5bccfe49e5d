//! `GET /media/{key}`: stored images, thumbnails and avatars, served by any node from the database.
//!
//! Keys are SHA-256 content hashes, so a URL names exactly one content forever: it is cached as immutable,
//! and it cannot be guessed without already holding the bytes it names.

use crate::server::{db, AppError, AppState};
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

pub async fn get(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let valid = key.len() == 43
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(AppError::not_found("The file"));
    }
    let blob = db::activity::get_blob(&state.db, &key)
        .await?
        .ok_or_else(|| AppError::not_found("The file"))?;
    let content_type = HeaderValue::from_str(&blob.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        blob.bytes,
    )
        .into_response())
}

/// The URL of a stored blob.
pub fn url(key: &str) -> String {
    format!("/media/{key}")
}
