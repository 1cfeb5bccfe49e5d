//! `GET/PATCH /notifications/`.

use super::route;
use crate::{
    api::{
        error::ErrorBody,
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

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, update))]
pub struct Docs;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// true or false (default).
    unread_only: Option<String>,
    /// Page number from 1; default 1.
    page: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/notifications/",
    tag = "notifications",
    summary = "The user's notifications, newest first, 20 a page",
    params(ListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of notifications and the unread count.", body = NotificationPage),
        (status = 400, description = "`unread_only` or `page` is not valid.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
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

#[utoipa::path(
    patch,
    path = "/api/dashboard/user/notifications/",
    tag = "notifications",
    summary = "Mark one notification, or all of them, as read",
    request_body = NotificationPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were marked, and the unread count after.", body = NotificationUpdate),
        (status = 400, description = "A malformed body, or neither (or both of) `notification_id` and `mark_all_read: true`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The user has no notification with this id.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn update(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<NotificationPatch>,
) -> Result<axum::Json<NotificationUpdate>, AppError> {
    Ok(axum::Json(
        notifications::update(&state, &auth.user_id, patch).await?,
    ))
}
