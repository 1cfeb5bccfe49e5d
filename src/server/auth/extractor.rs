//! Who is calling: the one authentication path for every REST handler and server function.
//!
//! A request authenticates with `Authorization: Bearer <jwt>` (API clients) or the session cookie (browsers).
//! Either way the session it names must still be active; that check is what makes sign-out and "end this
//! session" take effect immediately even though access tokens are stateless.

use super::{
    super::{db, AppError, AppState},
    cookies, token_hash,
};
use axum::{
    extract::{ConnectInfo, FromRef, FromRequestParts},
    http::{header, request::Parts, HeaderMap},
};
use std::net::SocketAddr;

/// An authenticated caller. Handlers take this as an argument; its absence is a 401.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: String,
    pub session_id: String,
}

impl<S> FromRequestParts<S> for AuthUser
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, &AppState::from_ref(state)).await
    }
}

pub async fn authenticate(headers: &HeaderMap, state: &AppState) -> Result<AuthUser, AppError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(AppError::unauthorized)?;
        return from_access_token(token, state).await;
    }
    match cookies::session_cookie(headers) {
        Some(cookie) => from_session_cookie(&cookie, state).await,
        None => Err(AppError::unauthorized()),
    }
}

async fn from_access_token(token: &str, state: &AppState) -> Result<AuthUser, AppError> {
    let claims = state.tokens.verify(token)?;
    let now = db::now_ms();
    let session = state
        .sessions
        .active(&state.db, &claims.sid, now)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    if session.user_id != claims.sub {
        return Err(AppError::unauthorized());
    }
    state
        .sessions
        .touch(&state.db, &session, now, session_ttl_ms(state))
        .await?;
    Ok(AuthUser {
        user_id: claims.sub,
        session_id: claims.sid,
    })
}

async fn from_session_cookie(cookie: &str, state: &AppState) -> Result<AuthUser, AppError> {
    let (session_id, secret) = cookie.split_once('.').ok_or_else(AppError::unauthorized)?;
    let now = db::now_ms();
    let session = state
        .sessions
        .active(&state.db, session_id, now)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    // Comparing digests of a 256-bit random secret: timing reveals nothing an attacker can use.
    if session.kind != "browser"
        || session.secret_hash.as_deref() != Some(token_hash(secret).as_str())
    {
        return Err(AppError::unauthorized());
    }
    state
        .sessions
        .touch(&state.db, &session, now, session_ttl_ms(state))
        .await?;
    Ok(AuthUser {
        user_id: session.user_id.clone(),
        session_id: session.id.clone(),
    })
}

fn session_ttl_ms(state: &AppState) -> i64 {
    state.settings.auth.session_ttl.as_millis() as i64
}

/// The device a request comes from, recorded on the sessions it starts.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

impl ClientInfo {
    pub fn from_parts(parts: &Parts) -> Self {
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(400).collect());
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Self { user_agent, ip }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}
