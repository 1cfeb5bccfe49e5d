//! `/api/auth/*`: register, login (and its 2FA step), refresh, logout, me.

use super::json::Json;
use crate::{
    api::{
        auth::{LoginRequest, RefreshRequest, RegisterRequest, TokenResponse, User},
        error::ErrorBody,
        security::{LoginChallenge, TwoFactorLoginRequest},
    },
    server::{
        auth::{AuthUser, ClientInfo},
        services::{accounts, two_factor},
        AppError, AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/login/2fa", post(login_two_factor))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/me", get(me))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(register, login, login_two_factor, refresh, logout, me))]
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
        (status = 429, description = "`rate_limited`: too many accounts from this address; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn register(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<RegisterRequest>,
) -> Result<(StatusCode, axum::Json<User>), AppError> {
    let user = accounts::register_from(&state, request, &client).await?;
    Ok((StatusCode::CREATED, axum::Json(User::from(&user))))
}

#[utoipa::path(
    post,
    path = "/api/auth/login",
    tag = "auth",
    summary = "Sign in: a short-lived access token and a refresh token",
    description = "With two-factor authentication on, a correct password answers 202 with a challenge instead: \
        send it with a code to `POST /api/auth/login/2fa` within `expires_in` seconds. Wrong passwords are \
        limited per account and address (429 with `Retry-After`).",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 202, description = "The password is right and 2FA is on: complete with `/api/auth/login/2fa`.", body = LoginChallenge),
        (status = 400, description = "A malformed body.", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: the email or password is incorrect.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many wrong passwords; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<LoginRequest>,
) -> Result<Response, AppError> {
    match accounts::sign_in(&state, &request.email, &request.password, &client).await? {
        accounts::SignInStep::Done(user) => {
            let tokens = accounts::start_api_session(&state, &user, &client).await?;
            Ok(axum::Json(tokens).into_response())
        }
        accounts::SignInStep::TwoFactor(challenge) => {
            Ok((StatusCode::ACCEPTED, axum::Json(challenge)).into_response())
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/auth/login/2fa",
    tag = "auth",
    summary = "Complete a sign-in with a 2FA code or a recovery code",
    description = "The challenge works once and for 5 minutes; each authenticator code works once. A recovery \
        code is used up.",
    request_body = TwoFactorLoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 400, description = "A malformed body.", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: the code is not valid; `unauthorized`: the challenge is unknown, used or expired.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many wrong codes; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn login_two_factor(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(request): Json<TwoFactorLoginRequest>,
) -> Result<axum::Json<TokenResponse>, AppError> {
    let user =
        two_factor::complete_challenge(&state, &request.challenge_token, &request.code, &client)
            .await?;
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
