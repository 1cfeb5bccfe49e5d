//! `/api/auth/*`: register, login, refresh, logout, me.

use super::json::Json;
use crate::{
    api::{
        auth::{LoginRequest, RefreshRequest, RegisterRequest, TokenResponse, User},
        error::ErrorBody,
    },
    server::{
        auth::{AuthUser, ClientInfo},
        services::accounts,
        AppError, AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Router,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/me", get(me))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(register, login, refresh, logout, me))]
pub struct Docs;

#[utoipa::path(
    post,
    path = "/api/auth/register",
    tag = "auth",
    summary = "Create an account",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "The account was created.", body = User),
        (status = 400, description = "A malformed body, or fields that are not valid (`fields` names them).", body = ErrorBody),
        (status = 409, description = "An account with this email already exists.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn register(
    State(state): State<AppState>,
    Json(request): Json<RegisterRequest>,
) -> Result<(StatusCode, axum::Json<User>), AppError> {
    let user = accounts::register(&state, request).await?;
    Ok((StatusCode::CREATED, axum::Json(User::from(&user))))
}

#[utoipa::path(
    post,
    path = "/api/auth/login",
    tag = "auth",
    summary = "Sign in: a short-lived access token and a refresh token",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 400, description = "A malformed body.", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: the email or password is incorrect.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<LoginRequest>,
) -> Result<axum::Json<TokenResponse>, AppError> {
    let user = accounts::check_password(&state, &request.email, &request.password).await?;
    Ok(axum::Json(
        accounts::start_api_session(&state, &user, &client).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/auth/refresh",
    tag = "auth",
    summary = "Exchange a refresh token for a new pair",
    description = "Each refresh token works once; presenting a used one ends the whole session.",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access token and refresh token.", body = TokenResponse),
        (status = 400, description = "A malformed body.", body = ErrorBody),
        (status = 401, description = "The refresh token is not valid, was used already or has expired.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<axum::Json<TokenResponse>, AppError> {
    Ok(axum::Json(
        accounts::refresh(&state, &request.refresh_token).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/auth/logout",
    tag = "auth",
    summary = "End the caller's session",
    description = "Its access and refresh tokens stop working at once.",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The session is over."),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn logout(State(state): State<AppState>, auth: AuthUser) -> Result<StatusCode, AppError> {
    accounts::end_session(&state, &auth.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/auth/me",
    tag = "auth",
    summary = "The signed-in user",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user.", body = User),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn me(State(state): State<AppState>, auth: AuthUser) -> Result<axum::Json<User>, AppError> {
    Ok(axum::Json(accounts::user(&state, &auth.user_id).await?))
}
