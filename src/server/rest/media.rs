//! `GET /media/{key}`: stored images, thumbnails and avatars, served by any node from the database.
//!
//! Keys are SHA-256 content hashes, so a URL names exactly one content forever: it is cached as immutable,
//! and it cannot be guessed without already holding the bytes it names.

use crate::{
    api::error::ErrorBody,
    server::{db, AppError, AppState},
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/media/{key}",
    tag = "media",
    summary = "A stored image, thumbnail or avatar",
    description = "Public: the key is the SHA-256 of the content, so it cannot be guessed without the bytes it \
        names. Cached as immutable.",
    params(("key" = String, Path, description = "43 characters of URL-safe base64, as in the URLs the API returns.")),
    responses(
        (status = 200, description = "The file, with its stored content type.", content(
            ("image/png"),
            ("image/jpeg"),
        )),
        (status = 404, description = "No file has this key.", body = ErrorBody),
    )
)]
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
