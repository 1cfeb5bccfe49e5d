//! The user's own sessions: list them, end one, end all the others.
//!
//! Ending a session writes `revoked_at` and drops it from this node's cache; other nodes refuse it once their
//! one-second cache entry expires (`auth::sessions`), so an ended session is refused everywhere within 1 s.

use super::{security_events, settings};
use crate::{
    api::security::{ActiveSession, SecurityEventKind, SessionsEnded, SessionsView},
    server::{
        auth::{AuthUser, ClientInfo},
        db, AppError, AppState,
    },
};

pub async fn list(state: &AppState, auth: &AuthUser) -> Result<Vec<ActiveSession>, AppError> {
    let rows = db::sessions::list_active(&state.db, &auth.user_id, db::now_ms()).await?;
    Ok(rows
        .into_iter()
        .map(|s| ActiveSession {
            current: s.id == auth.session_id,
            device: security_events::describe_device(s.user_agent.as_deref()),
            id: s.id,
            kind: s.kind,
            user_agent: s.user_agent,
            ip: s.ip,
            created_at: db::rfc3339(s.created_at),
            last_seen_at: db::rfc3339(s.last_seen_at),
        })
        .collect())
}

/// `list`, with each time as the user reads it in their time zone (for the Security screen).
pub async fn view_list(state: &AppState, auth: &AuthUser) -> Result<SessionsView, AppError> {
    let sessions = list(state, auth).await?;
    let zone = settings::timezone(state, &auth.user_id).await?;
    let local = |at: &str| security_events::local_time(&zone, at);
    Ok(SessionsView {
        created_local: sessions.iter().map(|s| local(&s.created_at)).collect(),
        last_seen_local: sessions.iter().map(|s| local(&s.last_seen_at)).collect(),
        timezone: zone.name().to_owned(),
        sessions,
    })
}

/// Ends one of the caller's sessions (their own current one too: that is a sign-out). Another user's session
/// or an ended one is a 404, so ids cannot be probed.
pub async fn end(
    state: &AppState,
    auth: &AuthUser,
    session_id: &str,
    client: &ClientInfo,
) -> Result<(), AppError> {
    if !db::sessions::revoke_own(&state.db, &auth.user_id, session_id, db::now_ms()).await? {
        return Err(AppError::not_found("The session"));
    }
    state.sessions.forget(session_id).await;
    security_events::record(
        state,
        &auth.user_id,
        SecurityEventKind::SessionEnded,
        client,
    )
    .await
}

/// Ends every session of the caller but this one.
pub async fn end_others(
    state: &AppState,
    auth: &AuthUser,
    client: &ClientInfo,
) -> Result<SessionsEnded, AppError> {
    let ended = end_all_but(state, &auth.user_id, Some(&auth.session_id)).await?;
    if ended > 0 {
        security_events::record(
            state,
            &auth.user_id,
            SecurityEventKind::OtherSessionsEnded,
            client,
        )
        .await?;
    }
    Ok(SessionsEnded {
        sessions_ended: ended,
    })
}

/// Ends every session of `user_id` except `keep`, on this node at once; returns how many. What a password
/// change, a password reset and a 2FA change do to the other devices.
pub async fn end_all_but(
    state: &AppState,
    user_id: &str,
    keep: Option<&str>,
) -> Result<i64, AppError> {
    let ended = db::sessions::revoke_others(&state.db, user_id, keep, db::now_ms()).await?;
    for id in &ended {
        state.sessions.forget(id).await;
    }
    Ok(ended.len() as i64)
}
