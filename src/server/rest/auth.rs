//! `/api/auth/*`: register, login, refresh, logout, me.

use super::json::Json;
use crate::{
    api::auth::{LoginRequest, RefreshRequest, RegisterRequest, TokenResponse, User},
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

async fn register(
    State(state): State<AppState>,
    Json(request): Json<RegisterRequest>,
) -> Result<(StatusCode, axum::Json<User>), AppError> {
    let user = accounts::register(&state, request).await?;
    Ok((StatusCode::CREATED, axum::Json(User::from(&user))))
}

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

async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<axum::Json<TokenResponse>, AppError> {
    Ok(axum::Json(
        accounts::refresh(&state, &request.refresh_token).await?,
    ))
}

async fn logout(State(state): State<AppState>, auth: AuthUser) -> Result<StatusCode, AppError> {
    accounts::end_session(&state, &auth.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(state): State<AppState>, auth: AuthUser) -> Result<axum::Json<User>, AppError> {
    Ok(axum::Json(accounts::user(&state, &auth.user_id).await?))
}
