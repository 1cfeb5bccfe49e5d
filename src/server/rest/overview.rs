//! `GET /api/dashboard/overview/` and `GET /api/dashboard/recent-activity/` (camelCase).

use super::user::route_at;
use crate::{
    api::overview::{Overview, RecentActivity},
    server::{auth::AuthUser, services::overview, AppError, AppState},
};
use axum::{extract::State, routing::get, Router};

pub fn router() -> Router<AppState> {
    let router = route_at(Router::new(), "/api/dashboard/overview", get(get_overview));
    route_at(router, "/api/dashboard/recent-activity", get(get_recent))
}

async fn get_overview(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Overview>, AppError> {
    Ok(axum::Json(overview::overview(&state, &auth.user_id).await?))
}

async fn get_recent(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<RecentActivity>, AppError> {
    Ok(axum::Json(
        overview::recent_activity(&state, &auth.user_id).await?,
    ))
}
