//! `GET/PATCH /notifications/`.

use super::route;
use crate::{
    api::{
        notifications::{NotificationPage, NotificationPatch, NotificationUpdate},
        ErrorCode,
    },
    server::{
        auth::AuthUser,
        rest::json::{Json, Query},
        services::notifications,
        AppError, AppState,
    },
};
use axum::{extract::State, routing::get, Router};
use serde::Deserialize;

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    route(router, "/notifications", get(list).patch(update))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    unread_only: Option<String>,
    page: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<NotificationPage>, AppError> {
    let unread_only = match q.unread_only.as_deref() {
        None | Some("") | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => return Err(AppError::field("unread_only", "Use true or false.")),
    };
    let page = match q.page.as_deref().map(str::parse::<i64>) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        _ => {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                "page must be a whole number from 1.",
            ))
        }
    };
    Ok(axum::Json(
        notifications::list(&state, &auth.user_id, unread_only, page).await?,
    ))
}

async fn update(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<NotificationPatch>,
) -> Result<axum::Json<NotificationUpdate>, AppError> {
    Ok(axum::Json(
        notifications::update(&state, &auth.user_id, patch).await?,
    ))
}
