//! `GET /api/dashboard/user/` and `GET/PATCH /profile/`.

use super::route;
use crate::{
    api::{
        dashboard::{Profile, ProfilePatch, UserDashboard},
        error::ErrorBody,
    },
    server::{auth::AuthUser, rest::json::Json, services::dashboard, AppError, AppState},
};
use axum::{extract::State, routing::get, Router};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/", get(main));
    route(router, "/profile", get(profile).patch(update_profile))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(main, profile, update_profile))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/",
    tag = "dashboard",
    summary = "The main dashboard: user, subscription, call statistics and recent calls",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The dashboard.", body = UserDashboard),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn main(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<UserDashboard>, AppError> {
    Ok(axum::Json(
        dashboard::dashboard(&state, &auth.user_id).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/profile/",
    tag = "dashboard",
    summary = "The user's personal information",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile.", body = Profile),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn profile(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Profile>, AppError> {
    Ok(axum::Json(dashboard::profile(&state, &auth.user_id).await?))
}

#[utoipa::path(
    patch,
    path = "/api/dashboard/user/profile/",
    tag = "dashboard",
    summary = "Change the profile",
    description = "Only the keys sent change; `phone: null` (or \"\") removes the number. A new email waits in `pending_email` until verified.",
    request_body = ProfilePatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile after the change.", body = Profile),
        (status = 400, description = "A malformed body, or fields that are not valid (`fields` names them).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 409, description = "Another account has this email.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn update_profile(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<ProfilePatch>,
) -> Result<axum::Json<Profile>, AppError> {
    Ok(axum::Json(
        dashboard::update_profile(&state, &auth.user_id, patch).await?,
    ))
}
