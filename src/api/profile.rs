//! The profile page's server functions: the same `dashboard` and `avatars` services as
//! `GET/PATCH /api/dashboard/user/profile/` and `DELETE /api/dashboard/user/avatar/`.
//!
//! The avatar *upload* has no server function: the browser sends the file to the REST endpoint itself, so it
//! can watch the upload's progress (see `ui::pages::profile::avatar`).

#[cfg(feature = "ssr")]
use super::dashboard::ProfilePatch;
use super::{dashboard::Profile, ApiError};
use leptos::prelude::*;

/// The signed-in user's personal information.
#[server(endpoint = "profile")]
pub async fn get_profile() -> Result<Profile, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::dashboard::profile(&state, &user.user_id).await
    })
    .await
}

/// Saves the personal information form. Every field is sent; an empty phone removes the number, and an email
/// different from the current one waits as `pending_email` until it is verified.
#[server(endpoint = "profile/update")]
pub async fn update_profile(
    first_name: String,
    last_name: String,
    phone: String,
    email: String,
) -> Result<Profile, ApiError> {
    let patch = ProfilePatch {
        first_name: Some(first_name),
        last_name: Some(last_name),
        phone: Some(Some(phone)),
        email: Some(email),
    };
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::dashboard::update_profile(&state, &user.user_id, patch).await
    })
    .await
}

/// Removes the avatar (a server function rather than the REST `DELETE`, so the button is a plain form that
/// also works without JavaScript).
#[server(endpoint = "profile/delete-avatar")]
pub async fn delete_avatar() -> Result<Profile, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::avatars::remove(&state.db, &user.user_id).await?;
        crate::server::services::dashboard::profile(&state, &user.user_id).await
    })
    .await
}
