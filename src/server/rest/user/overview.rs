//! `GET /api/dashboard/user/` and `GET/PATCH /profile/`.

use super::route;
use crate::{
    api::dashboard::{Profile, ProfilePatch, UserDashboard},
    server::{auth::AuthUser, rest::json::Json, services::dashboard, AppError, AppState},
};
use axum::{extract::State, routing::get, Router};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/", get(main));
    route(router, "/profile", get(profile).patch(update_profile))
}

async fn main(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<UserDashboard>, AppError> {
    Ok(axum::Json(
        dashboard::dashboard(&state, &auth.user_id).await?,
    ))
}

async fn profile(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Profile>, AppError> {
    Ok(axum::Json(dashboard::profile(&state, &auth.user_id).await?))
}

async fn update_profile(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<ProfilePatch>,
) -> Result<axum::Json<Profile>, AppError> {
    Ok(axum::Json(
        dashboard::update_profile(&state, &auth.user_id, patch).await?,
    ))
}
