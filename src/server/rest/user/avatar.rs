//! `POST /api/dashboard/user/avatar/` (multipart, field `avatar`) and `DELETE /api/dashboard/user/avatar/`.

use super::route;
use crate::{
    api::{error::ErrorBody, ErrorCode},
    server::{
        auth::AuthUser,
        http::body_limit::MAX_BODY,
        rest::media,
        services::{avatars, images::MAX_IMAGE_BYTES},
        AppError, AppState,
    },
};
use axum::{
    extract::{multipart::MultipartRejection, DefaultBodyLimit, Multipart, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Json, Router,
};
use serde::Serialize;

/// The whole body may be as large as the server takes any body (the 5 MB image plus room for the multipart
/// framing); the image's own limit is checked exactly while it is read. Not lower: a body refused part-way by
/// a route limit could not be read to its end, and its sender would see a broken connection, not the 413.
pub fn routes(router: Router<AppState>) -> Router<AppState> {
    route(
        router,
        "/avatar",
        post(upload)
            .delete(remove)
            .layer(DefaultBodyLimit::max(MAX_BODY)),
    )
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(upload, remove))]
pub struct Docs;

/// The multipart body of an avatar upload (for the OpenAPI document; the handler streams the field itself).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct AvatarUpload {
    /// PNG or JPEG, at most 5 MB.
    #[schema(value_type = String, format = Binary, content_media_type = "image/png")]
    avatar: Vec<u8>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AvatarResponse {
    /// The avatar's URL (`/media/<key>`), or `null` when the user has none.
    pub avatar: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/avatar/",
    tag = "account",
    summary = "Upload an avatar",
    description = "PNG or JPEG, at most 5 MB; it is cropped to a 300×300 square. The file name and declared content type are ignored.",
    request_body(content = inline(AvatarUpload), content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The new avatar's URL.", body = AvatarResponse),
        (status = 303, description = "A plain HTML form post (`Accept: text/html`): back to `/profile`, with `?error=<code>` when the upload was refused."),
        (status = 400, description = "No `avatar` field, an unreadable multipart body, or an image that cannot be decoded.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The image is over 5 MB.", body = ErrorBody),
        (status = 415, description = "Not multipart/form-data, or the image is not PNG or JPEG.", body = ErrorBody),
    )
)]
async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth: AuthUser,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = store(&state, &auth, form).await;
    if !is_html_form_post(&headers) {
        return result.into_response();
    }
    // The profile page's upload form posted without JavaScript: a JSON body would replace the page, so the
    // browser goes back to it, with `?error=<code>` when the upload was refused.
    match result {
        Ok(_) => Redirect::to(PROFILE_PAGE).into_response(),
        Err(e) => {
            let code = e.to_api().code;
            Redirect::to(&format!("{PROFILE_PAGE}?error={}", code.as_str())).into_response()
        }
    }
}

/// Where a plain form upload returns to.
const PROFILE_PAGE: &str = "/profile";

/// A browser's own form submission (it asks for HTML), not a script or an API client (they ask for JSON).
fn is_html_form_post(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

async fn store(
    state: &AppState,
    auth: &AuthUser,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<AvatarResponse>, AppError> {
    let form = form.map_err(|_| {
        AppError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the avatar as multipart/form-data, in a field named `avatar`.",
        )
    })?;
    let upload = read_avatar(form).await?;
    let key = avatars::set(&state.db, &auth.user_id, upload).await?;
    Ok(Json(AvatarResponse {
        avatar: Some(media::url(&key)),
    }))
}

#[utoipa::path(
    delete,
    path = "/api/dashboard/user/avatar/",
    tag = "account",
    summary = "Remove the avatar",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "`avatar` is null.", body = AvatarResponse),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn remove(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<AvatarResponse>, AppError> {
    avatars::remove(&state.db, &auth.user_id).await?;
    Ok(Json(AvatarResponse { avatar: None }))
}

/// The bytes of the `avatar` field, refused with 413 as soon as they pass 5 MB. Its file name and declared
/// content type are ignored: what the bytes are is decided by decoding them.
async fn read_avatar(mut form: Multipart) -> Result<Vec<u8>, AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::new(
                ErrorCode::BadRequest,
                "The multipart body could not be read.",
            )
        }
    };
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        if field.name() != Some("avatar") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                while let Ok(Some(_)) = field.chunk().await {}
                drop(field);
                drain(&mut form).await;
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(bytes);
    }
    Err(AppError::field("avatar", "Choose an image to upload."))
}

/// Reads the rest of a refused upload and throws it away, so the sender finishes and reads the 413 instead of
/// a closed connection (see `http::body_limit`); the server-wide body limit bounds what is read.
async fn drain(form: &mut Multipart) {
    while let Ok(Some(mut field)) = form.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
}

fn too_large() -> AppError {
    AppError::new(ErrorCode::PayloadTooLarge, "Avatars may be at most 5 MB.")
}
