//! `/sessions/…` and `/security-events/`: the user's signed-in devices and security history.

use super::route;
use crate::{
    api::{
        error::ErrorBody,
        security::{ActiveSession, SecurityEventPage, SessionsEnded},
    },
    server::{
        auth::{AuthUser, ClientInfo},
        rest::json::Query,
        services::{security_events, sessions},
        AppError, AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{delete, get, post},
    Router,
};
use serde::Deserialize;

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/sessions", get(list));
    let router = route(router, "/sessions/end-others", post(end_others));
    let router = route(router, "/sessions/{id}", delete(end));
    route(router, "/security-events", get(events))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, end, end_others, events))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/sessions/",
    tag = "security",
    summary = "The user's active sessions, most recently used first",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every signed-in device; `current` marks the caller's.", body = Vec<ActiveSession>),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Vec<ActiveSession>>, AppError> {
    Ok(axum::Json(sessions::list(&state, &auth).await?))
}

#[utoipa::path(
    delete,
    path = "/api/dashboard/user/sessions/{id}/",
    tag = "security",
    summary = "End one session",
    description = "Its tokens or cookie are refused on every node within a second. Ending the caller's own session signs it out.",
    params(("id" = String, Path, description = "The session's id.")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The session is over."),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The user has no active session with this id.", body = ErrorBody),
    )
)]
async fn end(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    sessions::end(&state, &auth, &id, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/sessions/end-others/",
    tag = "security",
    summary = "End every session but the caller's",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many sessions were ended.", body = SessionsEnded),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn end_others(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
) -> Result<axum::Json<SessionsEnded>, AppError> {
    Ok(axum::Json(
        sessions::end_others(&state, &auth, &client).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct EventsQuery {
    /// Page number from 1; default 1.
    page: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/security-events/",
    tag = "security",
    summary = "The security history, newest first, 20 a page",
    description = "Sign-ins (and failed ones), password, email and 2FA changes, recovery codes used and sessions ended, with IP and device.",
    params(EventsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of events.", body = SecurityEventPage),
        (status = 400, description = "`page` is not a whole number from 1.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn events(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<EventsQuery>,
) -> Result<axum::Json<SecurityEventPage>, AppError> {
    let page = match q.page.as_deref().map(str::parse::<i64>) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        _ => {
            return Err(AppError::field(
                "page",
                "page must be a whole number from 1.",
            ))
        }
    };
    Ok(axum::Json(
        security_events::list(&state, &auth.user_id, page).await?,
    ))
}
