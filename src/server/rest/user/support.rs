//! `GET/POST /support/tickets/`: the user's support tickets.

use super::route;
use crate::{
    api::{
        error::ErrorBody,
        support::{NewTicket, SupportTicket, SupportTickets},
    },
    server::{auth::AuthUser, rest::json::Json, services::support, AppError, AppState},
};
use axum::{extract::State, http::StatusCode, routing::get, Router};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    route(
        router,
        "/support/tickets",
        get(list_tickets).post(create_ticket),
    )
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list_tickets, create_ticket))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/support/tickets/",
    tag = "support",
    summary = "The user's support tickets",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The newest 100 tickets, newest first.", body = SupportTickets),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn list_tickets(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SupportTickets>, AppError> {
    Ok(axum::Json(support::list(&state, &auth.user_id).await?))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/support/tickets/",
    tag = "support",
    summary = "Open a support ticket",
    request_body = NewTicket,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Opened; `number` is what to quote to support.", body = SupportTicket),
        (status = 400, description = "A malformed body, or fields that are not valid (`fields` names them).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
        (status = 429, description = "Ten tickets were opened in the last hour.", body = ErrorBody),
    )
)]
async fn create_ticket(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(ticket): Json<NewTicket>,
) -> Result<(StatusCode, axum::Json<SupportTicket>), AppError> {
    let ticket = support::create(&state, &auth.user_id, ticket).await?;
    Ok((StatusCode::CREATED, axum::Json(ticket)))
}
