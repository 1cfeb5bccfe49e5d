//! Email verification, change of address and password reset: the rules behind the links the product mails.
//!
//! Every token is 256 random bits, mailed once and stored only as its SHA-256; it works once and for a short
//! time, and a newer link of the same kind retires the older ones. The mail that carries a link is queued in
//! the transaction that stores the token (see `mail`), so a link is never mailed for a change that did not
//! commit. The two public requests (resend, reset) answer the same, in about the same time, whether or not
//! the address has an account.

use crate::{
    api::{
        email::{EmailVerified, PasswordResetConfirm, PasswordResetDone},
        security::SecurityEventKind,
        ErrorCode,
    },
    server::{
        auth::{passwords, random_token, token_hash, ClientInfo},
        db::{
            self,
            email_tokens::{TokenRow, PASSWORD_RESET, VERIFY_EMAIL},
            users::UserRow,
            Tx,
        },
        domain::Email,
        error::ResultExt,
        mail::{self, templates},
        services::{security_events, throttle},
        AppError, AppState,
    },
};
use std::time::Duration;

/// The least time a public request (resend, reset) takes, so the work done for an existing account — a few
/// writes — does not show in the response time.
pub const PUBLIC_FLOOR: Duration = Duration::from_millis(250);

/// Length of the link tokens in random bytes (43 base64url characters).
const TOKEN_BYTES: usize = 32;

fn greeting(first_name: &str) -> &str {
    match first_name.trim() {
        "" => "there",
        name => name,
    }
}

fn link(state: &AppState, page: &str, token: &str) -> String {
    format!("{}{page}?token={token}", state.settings.public_url)
}

fn minutes(ttl: Duration) -> u64 {
    ttl.as_secs() / 60
}

/// Stores a new token for `user_id` (retiring older ones of the kind) and returns the token itself.
async fn new_token(
    tx: &mut Tx,
    user_id: &str,
    purpose: &str,
    email: &str,
    ttl: Duration,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = random_token(TOKEN_BYTES);
    db::email_tokens::replace(
        tx,
        &TokenRow {
            token_hash: token_hash(&token),
            user_id: user_id.to_owned(),
            purpose: purpose.to_owned(),
            email: email.to_owned(),
            created_at: now,
            expires_at: now + ttl.as_millis() as i64,
            used_at: None,
        },
    )
    .await?;
    Ok(token)
}

/// Queues the link that confirms a new account's address (in the registration's transaction).
pub async fn queue_registration_mail(
    state: &AppState,
    tx: &mut Tx,
    user: &UserRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    let ttl = state.settings.mail.verification_ttl;
    let token = new_token(tx, &user.id, VERIFY_EMAIL, &user.email, ttl, now).await?;
    let message = templates::verify_registration(
        &user.email,
        greeting(&user.first_name),
        &link(state, "/verify-email", &token),
        minutes(ttl),
    );
    mail::enqueue(tx, Some(&user.id), &message, now).await
}

/// Queues the link that confirms a requested new address (in the profile update's transaction). The
/// account keeps its current address until the link is opened.
pub async fn queue_change_mail(
    state: &AppState,
    tx: &mut Tx,
    user_id: &str,
    first_name: &str,
    new_email: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let ttl = state.settings.mail.verification_ttl;
    let token = new_token(tx, user_id, VERIFY_EMAIL, new_email, ttl, now).await?;
    let message = templates::verify_new_address(
        new_email,
        greeting(first_name),
        &link(state, "/verify-email", &token),
        minutes(ttl),
    );
    mail::enqueue(tx, Some(user_id), &message, now).await
}

/// Sets a user's password and queues the notice of it in one transaction (the password change of the
/// security screen; a reset has its own, which also ends every session).
pub async fn set_password_with_notice(
    state: &AppState,
    user: &UserRow,
    hash: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    db::users::set_password_hash_in(&mut tx, &user.id, hash, now).await?;
    let notice = templates::password_changed(&user.email, greeting(&user.first_name), false);
    mail::enqueue(&mut tx, Some(&user.id), &notice, now).await?;
    tx.commit().await?;
    state.mailer.wake();
    Ok(())
}

fn token_error(code: ErrorCode) -> AppError {
    let message = match code {
        ErrorCode::TokenExpired => "This link has expired. Ask for a new one.",
        ErrorCode::TokenUsed => {
            "This link was already used, or a newer one was sent. Ask for a new one if you need it."
        }
        _ => "This link is not valid. Check that it was copied completely, or ask for a new one.",
    };
    AppError::new(code, message)
}

/// The stored token for a link, checked for shape, existence, use and age (each with its own error).
async fn usable_token(
    state: &AppState,
    token: &str,
    purpose: &str,
    now: i64,
) -> Result<TokenRow, AppError> {
    let token = token.trim();
    let well_formed = token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(token_error(ErrorCode::TokenInvalid));
    }
    let row = db::email_tokens::find(&state.db, &token_hash(token), purpose)
        .await?
        .ok_or_else(|| token_error(ErrorCode::TokenInvalid))?;
    if row.used_at.is_some() {
        return Err(token_error(ErrorCode::TokenUsed));
    }
    if row.expires_at <= now {
        return Err(token_error(ErrorCode::TokenExpired));
    }
    Ok(row)
}

/// Confirms the address a verification link was sent to: the account's own address, or the pending new one,
/// which then replaces the old address (and the old address is told).
pub async fn verify(
    state: &AppState,
    token: &str,
    client: &ClientInfo,
) -> Result<EmailVerified, AppError> {
    let now = db::now_ms();
    let row = usable_token(state, token, VERIFY_EMAIL, now).await?;
    let user = db::users::profile(&state.db, &row.user_id)
        .await?
        .ok_or_else(|| token_error(ErrorCode::TokenInvalid))?;
    let mut tx = state.db.begin().await?;
    if !db::email_tokens::consume(&mut tx, &row.token_hash, now).await? {
        return Err(token_error(ErrorCode::TokenUsed));
    }
    let changed = if user.email == row.email {
        db::email_tokens::mark_verified(&mut tx, &user.id, &row.email, now).await?;
        false
    } else if user.pending_email.as_deref() == Some(row.email.as_str()) {
        db::email_tokens::apply_pending_email(&mut tx, &user.id, &row.email, now)
            .await
            .on_unique_violation("email", "An account with this email already exists.")?;
        let notice = templates::email_changed(&user.email, &row.email, greeting(&user.first_name));
        mail::enqueue(&mut tx, Some(&user.id), &notice, now).await?;
        true
    } else {
        // The address was replaced by another request, or the change was withdrawn.
        return Err(AppError::new(
            ErrorCode::TokenInvalid,
            "This link is for an address that is no longer waiting for confirmation.",
        ));
    };
    tx.commit().await?;
    if changed {
        state.mailer.wake();
        db::freshness::bump(&state.db, &user.id).await?;
        security_events::record(state, &user.id, SecurityEventKind::EmailChanged, client).await?;
        tracing::info!(user_id = %user.id, "email address changed");
    } else {
        tracing::info!(user_id = %user.id, "email address verified");
    }
    Ok(EmailVerified {
        detail: if changed {
            "Your new email address is confirmed and now in use.".into()
        } else {
            "Your email address is confirmed.".into()
        },
        email: row.email,
        changed,
    })
}

/// Runs `work` and then waits out the rest of `PUBLIC_FLOOR`, so the answer takes about as long whether the
/// work found an account or not.
async fn in_even_time<F>(work: F) -> Result<(), AppError>
where
    F: std::future::Future<Output = Result<(), AppError>>,
{
    let deadline = tokio::time::Instant::now() + PUBLIC_FLOOR;
    let result = work.await;
    tokio::time::sleep_until(deadline).await;
    result
}

fn parse_email(email: &str) -> Result<Email, AppError> {
    Email::parse(email).map_err(|m| AppError::field("email", m))
}

/// Counts a request for a mailed link against its address and the caller's IP, and refuses it with 429 past
/// either limit. The address is counted whether or not an account uses it, so a refusal tells nothing more
/// than the 202 would.
async fn limit_mail_request(
    state: &AppState,
    action: &str,
    email: &Email,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let limits = &state.settings.throttle;
    throttle::consume(
        state,
        &[
            throttle::Bucket::new(
                action,
                &format!("address:{}", email.as_str()),
                limits.mail_address,
            ),
            throttle::Bucket::ip("mail_request", client.ip.as_deref(), limits.mail_ip),
        ],
    )
    .await
}

/// Mails a new verification link to `email` if an account uses it unverified, or waits to change to it.
/// Malformed input is a 400 and too many requests a 429; otherwise the answer is the same for every address.
pub async fn resend(state: &AppState, email: &str, client: &ClientInfo) -> Result<(), AppError> {
    let email = parse_email(email)?;
    limit_mail_request(state, "resend_verification", &email, client).await?;
    in_even_time(async {
        let now = db::now_ms();
        if let Some(user) = db::users::find_by_email(&state.db, email.as_str()).await? {
            let profile = db::users::profile(&state.db, &user.id).await?;
            if profile.is_some_and(|p| p.email_verified_at.is_none()) {
                let mut tx = state.db.begin().await?;
                queue_registration_mail(state, &mut tx, &user, now).await?;
                tx.commit().await?;
            }
        }
        for (user_id, first_name) in
            db::email_tokens::users_changing_to(&state.db, email.as_str()).await?
        {
            let mut tx = state.db.begin().await?;
            queue_change_mail(state, &mut tx, &user_id, &first_name, email.as_str(), now).await?;
            tx.commit().await?;
        }
        state.mailer.wake();
        Ok(())
    })
    .await
}

/// Mails a password reset link if `email` has an account. Malformed input is a 400 and too many requests a
/// 429; otherwise the answer is the same for every address.
pub async fn request_reset(
    state: &AppState,
    email: &str,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let email = parse_email(email)?;
    limit_mail_request(state, "password_reset", &email, client).await?;
    in_even_time(async {
        let Some(user) = db::users::find_by_email(&state.db, email.as_str()).await? else {
            return Ok(());
        };
        let now = db::now_ms();
        let ttl = state.settings.mail.reset_ttl;
        let mut tx = state.db.begin().await?;
        let token = new_token(&mut tx, &user.id, PASSWORD_RESET, &user.email, ttl, now).await?;
        let message = templates::password_reset(
            &user.email,
            greeting(&user.first_name),
            &link(state, "/reset-password", &token),
            minutes(ttl),
        );
        mail::enqueue(&mut tx, Some(&user.id), &message, now).await?;
        tx.commit().await?;
        state.mailer.wake();
        tracing::info!(user_id = %user.id, "password reset requested");
        Ok(())
    })
    .await
}

/// Sets a new password with a reset token. The token is spent only when the password is accepted (a policy
/// failure can be corrected and sent again); every session of the account ends, and a notice is mailed.
pub async fn reset(
    state: &AppState,
    request: PasswordResetConfirm,
    client: &ClientInfo,
) -> Result<PasswordResetDone, AppError> {
    let now = db::now_ms();
    let row = usable_token(state, &request.token, PASSWORD_RESET, now).await?;
    let user = db::users::find_by_id(&state.db, &row.user_id)
        .await?
        // The link went to an address the account no longer uses.
        .filter(|u| u.email == row.email)
        .ok_or_else(|| token_error(ErrorCode::TokenInvalid))?;
    if request
        .confirm_password
        .as_ref()
        .is_some_and(|c| c != &request.new_password)
    {
        return Err(AppError::field(
            "confirm_password",
            "The new passwords do not match.",
        ));
    }
    if let Some(problem) = passwords::policy_violation(&request.new_password, &user.email) {
        return Err(AppError::field("new_password", problem));
    }
    let hash = state.passwords.hash(&request.new_password).await?;
    let mut tx = state.db.begin().await?;
    if !db::email_tokens::consume(&mut tx, &row.token_hash, now).await? {
        return Err(token_error(ErrorCode::TokenUsed));
    }
    db::users::set_password_hash_in(&mut tx, &user.id, &hash, now).await?;
    let ended = db::email_tokens::revoke_all_sessions(&mut tx, &user.id, now).await?;
    // The link reached this address, which proves it.
    db::email_tokens::mark_verified(&mut tx, &user.id, &user.email, now).await?;
    let notice = templates::password_changed(&user.email, greeting(&user.first_name), true);
    mail::enqueue(&mut tx, Some(&user.id), &notice, now).await?;
    tx.commit().await?;
    for id in &ended {
        state.sessions.forget(id).await;
    }
    state.mailer.wake();
    security_events::record(state, &user.id, SecurityEventKind::PasswordReset, client).await?;
    tracing::info!(user_id = %user.id, sessions_ended = ended.len(), "password reset");
    Ok(PasswordResetDone {
        detail: "Your password was changed. Sign in with the new password.".into(),
        sessions_ended: ended.len() as i64,
    })
}
