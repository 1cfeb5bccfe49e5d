//! Accounts and sessions: register, sign in (REST tokens or browser cookie), refresh, sign out.

use super::{security_events, throttle, two_factor};
use crate::api::security::{LoginChallenge, SecurityEventKind};

use crate::{
    api::{
        auth::{RegisterRequest, TokenResponse, User},
        ApiError, ErrorCode, FieldErrors,
    },
    server::{
        auth::{passwords, random_token, token_hash, ClientInfo},
        db::{self, sessions::SessionRow, users::UserRow},
        domain::{Email, PersonName},
        error::ResultExt,
        AppError, AppState,
    },
};

impl From<&UserRow> for User {
    fn from(row: &UserRow) -> Self {
        User {
            id: row.id.clone(),
            email: row.email.clone(),
            first_name: row.first_name.clone(),
            last_name: row.last_name.clone(),
            created_at: db::rfc3339(row.created_at),
        }
    }
}

/// Registration from `client`, limited per IP (every attempt counts: each one costs a password hash).
pub async fn register_from(
    state: &AppState,
    request: RegisterRequest,
    client: &ClientInfo,
) -> Result<UserRow, AppError> {
    let limit = state.settings.throttle.register_ip;
    throttle::consume(
        state,
        &[throttle::Bucket::ip(
            "register",
            client.ip.as_deref(),
            limit,
        )],
    )
    .await?;
    register(state, request).await
}

/// Creates an account. Every field is checked and all problems are reported together.
pub async fn register(state: &AppState, request: RegisterRequest) -> Result<UserRow, AppError> {
    let mut fields = FieldErrors::new();
    let mut check = |field: &str, result: Result<(), String>| {
        if let Err(message) = result {
            fields.entry(field.to_owned()).or_default().push(message);
        }
    };
    let email = Email::parse(&request.email);
    check("email", email.as_ref().map(|_| ()).map_err(Clone::clone));
    let first_name = PersonName::parse(&request.first_name, true);
    check(
        "first_name",
        first_name.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    let last_name = PersonName::parse(&request.last_name, false);
    check(
        "last_name",
        last_name.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    check(
        "password",
        passwords::policy_violation(&request.password, &request.email).map_or(Ok(()), Err),
    );
    let (Ok(email), Ok(first_name), Ok(last_name), true) =
        (email, first_name, last_name, fields.is_empty())
    else {
        return Err(ApiError::validation(fields).into());
    };

    let now = db::now_ms();
    let user = UserRow {
        id: db::new_id(),
        email: email.as_str().to_owned(),
        password_hash: state.passwords.hash(&request.password).await?,
        first_name: first_name.into_inner(),
        last_name: last_name.into_inner(),
        created_at: now,
        updated_at: now,
    };
    // The account and the mail that asks to confirm its address commit together.
    let mut tx = state.db.begin().await?;
    db::users::insert_in(&mut tx, &user)
        .await
        .on_unique_violation("email", "An account with this email already exists.")?;
    super::email::queue_registration_mail(state, &mut tx, &user, now).await?;
    tx.commit().await?;
    state.mailer.wake();
    tracing::info!(user_id = %user.id, "account registered");
    Ok(user)
}

/// The account whose password this is. A wrong password, an unknown email and a malformed email all get the
/// same error and take the same time, so sign-in reveals nothing about who has an account.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<UserRow, AppError> {
    let user = match Email::parse(email) {
        Ok(email) if password.len() <= 4 * passwords::MAX_LENGTH => {
            db::users::find_by_email(&state.db, email.as_str()).await?
        }
        _ => None,
    };
    let matches = state
        .passwords
        .verify(password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await?;
    match user {
        Some(user) if matches => Ok(user),
        _ => Err(AppError::new(
            ErrorCode::InvalidCredentials,
            "The email or password is incorrect.",
        )),
    }
}

/// Where the password step of a sign-in leads.
pub enum SignInStep {
    /// Signed in: start a session for this user.
    Done(UserRow),
    /// 2FA is on: the code step must follow (`two_factor::complete_challenge`).
    TwoFactor(LoginChallenge),
}

/// The password step of a sign-in from `client`, throttled and recorded in the user's history.
///
/// Only failures count. A guesser hits the per account-and-IP limit first; the per-IP limit stops one address
/// spraying many accounts; the per-account limit over all IPs only slows further attempts (`slow_down`), so a
/// distributed flood cannot lock the owner out: every refusal ends with its window.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: &ClientInfo,
) -> Result<SignInStep, AppError> {
    let limits = &state.settings.throttle;
    let account = Email::parse(email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let ip = client.ip.as_deref();
    let strict = [
        throttle::Bucket::account_ip("sign_in", &account, ip, limits.sign_in_account_ip),
        throttle::Bucket::ip("sign_in", ip, limits.sign_in_ip),
    ];
    let slowing = [throttle::Bucket::account(
        "sign_in",
        &account,
        limits.sign_in_account,
    )];
    throttle::check(state, &strict).await?;
    if throttle::is_full(state, &slowing).await? {
        tokio::time::sleep(limits.slow_down).await;
    }
    match check_password(state, email, password).await {
        Ok(user) if two_factor::is_enabled(state, &user.id).await? => Ok(SignInStep::TwoFactor(
            two_factor::start_challenge(state, &user).await?,
        )),
        Ok(user) => Ok(SignInStep::Done(user)),
        Err(e) => {
            throttle::record(state, &strict).await?;
            throttle::record(state, &slowing).await?;
            if let Some(user) = db::users::find_by_email(&state.db, &account).await? {
                security_events::record(state, &user.id, SecurityEventKind::SignInFailed, client)
                    .await?;
            }
            Err(e)
        }
    }
}

fn new_session(
    state: &AppState,
    user: &UserRow,
    kind: &str,
    secret_hash: Option<String>,
    client: &ClientInfo,
) -> SessionRow {
    let now = db::now_ms();
    SessionRow {
        id: db::new_id(),
        user_id: user.id.clone(),
        kind: kind.to_owned(),
        secret_hash,
        user_agent: client.user_agent.clone(),
        ip: client.ip.clone(),
        created_at: now,
        last_seen_at: now,
        expires_at: now + state.settings.auth.session_ttl.as_millis() as i64,
        revoked_at: None,
    }
}

/// Starts a REST session: a short-lived access token and a refresh token that rotates on every use.
pub async fn start_api_session(
    state: &AppState,
    user: &UserRow,
    client: &ClientInfo,
) -> Result<TokenResponse, AppError> {
    let session = new_session(state, user, "api", None, client);
    db::sessions::insert(&state.db, &session).await?;
    security_events::record(state, &user.id, SecurityEventKind::SignIn, client).await?;
    let refresh_token = random_token(32);
    db::sessions::insert_refresh(
        &state.db,
        &db::new_id(),
        &session.id,
        &token_hash(&refresh_token),
        session.created_at,
        session.expires_at,
    )
    .await?;
    token_response(state, &user.id, &session.id, refresh_token)
}

fn token_response(
    state: &AppState,
    user_id: &str,
    session_id: &str,
    refresh_token: String,
) -> Result<TokenResponse, AppError> {
    Ok(TokenResponse {
        access_token: state
            .tokens
            .issue(user_id, session_id, db::now_ms() / 1000)?,
        token_type: "Bearer".into(),
        expires_in: state.tokens.ttl_secs(),
        refresh_token,
    })
}

/// Exchanges a refresh token for a new pair. A token is good once: presenting a used one means it was
/// copied, so the whole session is ended and both holders must sign in again.
pub async fn refresh(state: &AppState, refresh_token: &str) -> Result<TokenResponse, AppError> {
    let invalid = || AppError::new(ErrorCode::Unauthorized, "The refresh token is not valid.");
    let now = db::now_ms();
    let stored = db::sessions::find_refresh(&state.db, &token_hash(refresh_token))
        .await?
        .ok_or_else(invalid)?;
    if stored.used_at.is_some() {
        tracing::warn!(session_id = %stored.session_id, "refresh token reused: ending the session");
        state.sessions.revoke(&state.db, &stored.session_id).await?;
        return Err(invalid());
    }
    let session = state
        .sessions
        .active(&state.db, &stored.session_id, now)
        .await?
        .ok_or_else(invalid)?;
    if stored.expires_at <= now {
        return Err(invalid());
    }
    let next = random_token(32);
    let expires_at = now + state.settings.auth.session_ttl.as_millis() as i64;
    let rotated = db::sessions::rotate_refresh(
        &state.db,
        &stored.id,
        &db::new_id(),
        &session.id,
        &token_hash(&next),
        now,
        expires_at,
    )
    .await?;
    if !rotated {
        // Lost a race with another use of the same token: that is reuse too.
        state.sessions.revoke(&state.db, &session.id).await?;
        return Err(invalid());
    }
    token_response(state, &session.user_id, &session.id, next)
}

/// Starts a browser session and returns the cookie value (`<session id>.<secret>`).
pub async fn start_browser_session(
    state: &AppState,
    user: &UserRow,
    client: &ClientInfo,
) -> Result<String, AppError> {
    let secret = random_token(32);
    let session = new_session(state, user, "browser", Some(token_hash(&secret)), client);
    db::sessions::insert(&state.db, &session).await?;
    security_events::record(state, &user.id, SecurityEventKind::SignIn, client).await?;
    Ok(format!("{}.{}", session.id, secret))
}

pub async fn end_session(state: &AppState, session_id: &str) -> Result<(), AppError> {
    state.sessions.revoke(&state.db, session_id).await
}

pub async fn user(state: &AppState, user_id: &str) -> Result<User, AppError> {
    let row = db::users::find_by_id(&state.db, user_id)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    Ok(User::from(&row))
}
