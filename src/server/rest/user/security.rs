//! `POST /change-password/` and `POST /delete-account/`.

use super::route;
use crate::{
    api::{
        auth::{ChangePasswordRequest, DeleteAccountRequest, PasswordChanged},
        error::ErrorBody,
    },
    server::{
        auth::{AuthUser, ClientInfo},
        rest::json::Json,
        services::security,
        AppError, AppState,
    },
};
use axum::{extract::State, http::StatusCode, routing::post, Router};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/change-password", post(change_password));
    route(router, "/delete-account", post(delete_account))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(change_password, delete_account))]
pub struct Docs;

#[utoipa::path(
    post,
    path = "/api/dashboard/user/change-password/",
    tag = "account",
    summary = "Change the password",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed. Every other session is ended; a REST caller gets fresh tokens for its own.", body = PasswordChanged),
        (status = 400, description = "A malformed body; a wrong current password, a mismatched confirmation or a new password the policy refuses (`fields` says which).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn change_password(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    Json(request): Json<ChangePasswordRequest>,
) -> Result<axum::Json<PasswordChanged>, AppError> {
    Ok(axum::Json(
        security::change_password(&state, &auth, request, &client).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/delete-account/",
    tag = "account",
    summary = "Delete the account and everything in it",
    request_body = DeleteAccountRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The account is gone, and every session with it."),
        (status = 400, description = "A malformed body, a wrong password, or `confirmation` is not DELETE.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn delete_account(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<DeleteAccountRequest>,
) -> Result<StatusCode, AppError> {
    security::delete_account(&state, &auth, request).await?;
    Ok(StatusCode::NO_CONTENT)
}
