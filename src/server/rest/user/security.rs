//! `POST /change-password/` and `POST /delete-account/`.

use super::route;
use crate::{
    api::auth::{ChangePasswordRequest, DeleteAccountRequest, PasswordChanged},
    server::{auth::AuthUser, rest::json::Json, services::security, AppError, AppState},
};
use axum::{extract::State, http::StatusCode, routing::post, Router};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/change-password", post(change_password));
    route(router, "/delete-account", post(delete_account))
}

async fn change_password(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<ChangePasswordRequest>,
) -> Result<axum::Json<PasswordChanged>, AppError> {
    Ok(axum::Json(
        security::change_password(&state, &auth, request).await?,
    ))
}

async fn delete_account(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<DeleteAccountRequest>,
) -> Result<StatusCode, AppError> {
    security::delete_account(&state, &auth, request).await?;
    Ok(StatusCode::NO_CONTENT)
}
