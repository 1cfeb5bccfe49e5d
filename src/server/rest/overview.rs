//! `GET /api/dashboard/overview/` and `GET /api/dashboard/recent-activity/` (camelCase).

use super::user::route_at;
use crate::{
    api::{
        error::ErrorBody,
        overview::{Overview, RecentActivity},
    },
    server::{auth::AuthUser, services::overview, AppError, AppState},
};
use axum::{extract::State, routing::get, Router};

pub fn router() -> Router<AppState> {
    let router = route_at(Router::new(), "/api/dashboard/overview", get(get_overview));
    route_at(router, "/api/dashboard/recent-activity", get(get_recent))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_overview, get_recent))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/overview/",
    tag = "dashboard",
    summary = "The chat-and-images overview: the user and their totals (camelCase)",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The overview.", body = Overview),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn get_overview(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Overview>, AppError> {
    Ok(axum::Json(overview::overview(&state, &auth.user_id).await?))
}

#[utoipa::path(
    get,
    path = "/api/dashboard/recent-activity/",
    tag = "dashboard",
    summary = "The newest chats and images (camelCase)",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The newest chats and images.", body = RecentActivity),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn get_recent(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<RecentActivity>, AppError> {
    Ok(axum::Json(
        overview::recent_activity(&state, &auth.user_id).await?,
    ))
}
