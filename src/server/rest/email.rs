//! `/api/auth/verify-email*` and `/api/auth/password-reset/*`: the REST face of the mailed links. The two
//! public requests (resend, reset request) answer alike for every address and are limited per address and
//! per IP (`services::email`).

use super::json::Json;
use crate::{
    api::{
        email::{
            Accepted, EmailRequest, EmailVerified, PasswordResetConfirm, PasswordResetDone,
            VerifyEmailRequest,
        },
        error::ErrorBody,
    },
    server::{auth::ClientInfo, services::email, AppError, AppState},
};
use axum::{extract::State, http::StatusCode, routing::post, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verify-email", post(verify_email))
        .route("/verify-email/resend", post(resend_verification))
        .route("/password-reset/request", post(request_reset))
        .route("/password-reset/confirm", post(confirm_reset))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(verify_email, resend_verification, request_reset, confirm_reset))]
pub struct Docs;

#[utoipa::path(
    post,
    path = "/api/auth/verify-email",
    tag = "auth",
    summary = "Confirm an email address with the token from a verification link",
    description = "Confirms the account's address, or — for a link sent after a change of address — makes the \
                   new address the account's (the old address is told). Each link works once.",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "The address is confirmed.", body = EmailVerified),
        (status = 400, description = "`token_invalid`: a malformed or unknown token, or one for an address no longer pending.", body = ErrorBody),
        (status = 409, description = "Another account took the new address in the meantime.", body = ErrorBody),
        (status = 410, description = "`token_expired` or `token_used`: ask for a new link.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn verify_email(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<VerifyEmailRequest>,
) -> Result<axum::Json<EmailVerified>, AppError> {
    Ok(axum::Json(
        email::verify(&state, &request.token, &client).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/auth/verify-email/resend",
    tag = "auth",
    summary = "Send a new verification link",
    description = "Sent when the address belongs to an account that has not confirmed it, or that waits to \
                   change to it. The answer is the same, and takes about as long, for every address.",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "If the address waits for confirmation, a new link is on its way.", body = Accepted),
        (status = 400, description = "The email is malformed.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
        (status = 429, description = "Too many requests for this address or from this IP; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn resend_verification(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<EmailRequest>,
) -> Result<(StatusCode, axum::Json<Accepted>), AppError> {
    email::resend(&state, &request.email, &client).await?;
    Ok(accepted(
        "If this address is waiting for confirmation, a new link is on its way.",
    ))
}

#[utoipa::path(
    post,
    path = "/api/auth/password-reset/request",
    tag = "auth",
    summary = "Mail a password reset link",
    description = "The answer is the same, and takes about as long, whether or not the address has an account. \
                   The link works once, for 30 minutes; a newer link replaces older ones.",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way.", body = Accepted),
        (status = 400, description = "The email is malformed.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
        (status = 429, description = "Too many requests for this address or from this IP; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn request_reset(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<EmailRequest>,
) -> Result<(StatusCode, axum::Json<Accepted>), AppError> {
    email::request_reset(&state, &request.email, &client).await?;
    Ok(accepted(
        "If an account uses this address, a link to reset its password is on its way.",
    ))
}

#[utoipa::path(
    post,
    path = "/api/auth/password-reset/confirm",
    tag = "auth",
    summary = "Set a new password with the token from a reset link",
    description = "The new password must meet the password policy. Every session of the account ends, and a \
                   notice goes to its address.",
    request_body = PasswordResetConfirm,
    responses(
        (status = 200, description = "The password is changed; sign in again.", body = PasswordResetDone),
        (status = 400, description = "`token_invalid`, or `validation_failed` naming `new_password` or `confirm_password` (the token stays usable).", body = ErrorBody),
        (status = 410, description = "`token_expired` or `token_used`: ask for a new link.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn confirm_reset(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<PasswordResetConfirm>,
) -> Result<axum::Json<PasswordResetDone>, AppError> {
    Ok(axum::Json(email::reset(&state, request, &client).await?))
}

fn accepted(detail: &str) -> (StatusCode, axum::Json<Accepted>) {
    (
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            detail: detail.to_owned(),
        }),
    )
}
