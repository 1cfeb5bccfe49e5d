//! Two-factor sign-in with time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s steps — what every
//! authenticator app speaks) and ten one-time recovery codes.
//!
//! Enrollment is two steps: `start` makes a pending secret (shown as text and QR code), `confirm` turns it on
//! once a code proves the app has it, and returns the recovery codes — the only time they exist in clear.
//! A sign-in with 2FA on stops after the password at a `LoginChallenge` (5 minutes, single use, bound to the
//! user); `complete_challenge` finishes it with a code. Each 30 s step is accepted once per user
//! (`last_used_step`), so a code cannot be replayed, even within its window.

use super::{security_events, sessions, throttle};
use crate::api::ErrorCode;
use crate::{
    api::security::{
        LoginChallenge, RecoveryCodes, SecurityEventKind, TwoFactorSetup, TwoFactorStatus,
    },
    server::{
        auth::{random_token, token_hash, AuthUser, ClientInfo},
        db::{self, two_factor::TwoFactorRow, users::UserRow},
        AppError, AppState,
    },
};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::Rng;
use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECS: i64 = 30;
const DIGITS: usize = 6;
/// Codes from one step before or after now are accepted too: phone clocks drift.
const SKEW_STEPS: i64 = 1;
const RECOVERY_CODES: usize = 10;
/// Unambiguous lower-case base32 (Crockford): no i, l, o, u.
const RECOVERY_ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// 16 characters of 32 = 80 bits: beyond an offline search of the stored (fast) hashes.
const RECOVERY_LENGTH: usize = 16;
pub const CHALLENGE_TTL_SECS: i64 = 5 * 60;
const ISSUER: &str = "Dashboard";

fn totp(secret: &str, account: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| AppError::internal(format!("stored TOTP secret unreadable: {e:?}")))?;
    // Unchecked only skips the account-name check (':' is legal in an email's local part); the secret is ours.
    Ok(TOTP::new_unchecked(
        Algorithm::SHA1,
        DIGITS,
        SKEW_STEPS as u8,
        STEP_SECS as u64,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    ))
}

fn setup_of(secret: &str, account: &str) -> Result<TwoFactorSetup, AppError> {
    let otpauth_url = totp(secret, account)?.get_url();
    let svg = qrcode::QrCode::new(otpauth_url.as_bytes())
        .map_err(|e| AppError::internal(format!("QR code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(TwoFactorSetup {
        secret: secret.to_owned(),
        otpauth_url,
        qr_code: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
    })
}

fn conflict(message: &str) -> AppError {
    AppError::new(ErrorCode::Conflict, message)
}

async fn row(state: &AppState, user_id: &str) -> Result<Option<TwoFactorRow>, AppError> {
    Ok(db::two_factor::find(&state.db, user_id).await?)
}

pub async fn is_enabled(state: &AppState, user_id: &str) -> Result<bool, AppError> {
    Ok(row(state, user_id)
        .await?
        .is_some_and(|r| r.confirmed_at.is_some()))
}

pub async fn status(state: &AppState, user_id: &str) -> Result<TwoFactorStatus, AppError> {
    let row = row(state, user_id).await?;
    let enabled_at = row.as_ref().and_then(|r| r.confirmed_at);
    Ok(TwoFactorStatus {
        enabled: enabled_at.is_some(),
        pending: row.is_some() && enabled_at.is_none(),
        enabled_at: enabled_at.map(db::rfc3339),
        recovery_codes_left: if enabled_at.is_some() {
            db::two_factor::recovery_codes_left(&state.db, user_id).await?
        } else {
            0
        },
    })
}

/// Starts (or restarts) an enrollment with a fresh 160-bit secret. 409 when 2FA is already on.
pub async fn start(state: &AppState, auth: &AuthUser) -> Result<TwoFactorSetup, AppError> {
    let user = user(state, &auth.user_id).await?;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill(&mut bytes);
    let Secret::Encoded(secret) = Secret::Raw(bytes.to_vec()).to_encoded() else {
        return Err(AppError::internal("base32 encoding of the TOTP secret"));
    };
    if !db::two_factor::put_pending(&state.db, &user.id, &secret, db::now_ms()).await? {
        return Err(conflict("Two-factor authentication is already on."));
    }
    setup_of(&secret, &user.email)
}

/// The enrollment in progress, for the Security screen to show until it is confirmed.
pub async fn pending_setup(
    state: &AppState,
    user_id: &str,
) -> Result<Option<TwoFactorSetup>, AppError> {
    match row(state, user_id).await? {
        Some(r) if r.confirmed_at.is_none() => {
            let user = user(state, user_id).await?;
            setup_of(&r.secret, &user.email).map(Some)
        }
        _ => Ok(None),
    }
}

/// Turns 2FA on with a code from the app; ends the user's other sessions and returns the recovery codes.
pub async fn confirm(
    state: &AppState,
    auth: &AuthUser,
    code: &str,
    client: &ClientInfo,
) -> Result<RecoveryCodes, AppError> {
    let pending = match row(state, &auth.user_id).await? {
        Some(r) if r.confirmed_at.is_none() => r,
        Some(_) => return Err(conflict("Two-factor authentication is already on.")),
        None => return Err(conflict("Start the set-up first.")),
    };
    let user = user(state, &auth.user_id).await?;
    if !check_code(state, &user, &pending, code, false, client).await? {
        return Err(AppError::field(
            "code",
            "The code is not valid. Try the next one.",
        ));
    }
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    if !db::two_factor::confirm(&state.db, &user.id, &hashes, db::now_ms()).await? {
        return Err(conflict("Two-factor authentication is already on."));
    }
    sessions::end_all_but(state, &user.id, Some(&auth.session_id)).await?;
    security_events::record(state, &user.id, SecurityEventKind::TwoFactorEnabled, client).await?;
    tracing::info!(user_id = %user.id, "two-factor authentication enabled");
    Ok(RecoveryCodes {
        recovery_codes: codes,
    })
}

/// Turns 2FA off: needs the password and a code (or a recovery code); ends the other sessions.
pub async fn disable(
    state: &AppState,
    auth: &AuthUser,
    password: &str,
    code: &str,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let (user, row) = reauthenticate(state, auth, password, code, client).await?;
    db::two_factor::delete(&state.db, &row.user_id).await?;
    sessions::end_all_but(state, &user.id, Some(&auth.session_id)).await?;
    security_events::record(
        state,
        &user.id,
        SecurityEventKind::TwoFactorDisabled,
        client,
    )
    .await?;
    tracing::info!(user_id = %user.id, "two-factor authentication disabled");
    Ok(())
}

/// Replaces the recovery codes (the old ones stop working); needs the password and a code.
pub async fn regenerate(
    state: &AppState,
    auth: &AuthUser,
    password: &str,
    code: &str,
    client: &ClientInfo,
) -> Result<RecoveryCodes, AppError> {
    let (user, _) = reauthenticate(state, auth, password, code, client).await?;
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    db::two_factor::regenerate_codes(&state.db, &user.id, &hashes, db::now_ms()).await?;
    security_events::record(
        state,
        &user.id,
        SecurityEventKind::RecoveryCodesRegenerated,
        client,
    )
    .await?;
    Ok(RecoveryCodes {
        recovery_codes: codes,
    })
}

/// The password (a field error on `password`) and a code (on `code`) of a user with 2FA on.
async fn reauthenticate(
    state: &AppState,
    auth: &AuthUser,
    password: &str,
    code: &str,
    client: &ClientInfo,
) -> Result<(UserRow, TwoFactorRow), AppError> {
    let row = match row(state, &auth.user_id).await? {
        Some(r) if r.confirmed_at.is_some() => r,
        _ => return Err(conflict("Two-factor authentication is not on.")),
    };
    let user =
        super::security::require_password(state, &auth.user_id, password, "password").await?;
    if !check_code(state, &user, &row, code, true, client).await? {
        return Err(AppError::field("code", "The code is not valid."));
    }
    Ok((user, row))
}

/// The password step succeeded for a user with 2FA on: a challenge for the code step.
pub async fn start_challenge(state: &AppState, user: &UserRow) -> Result<LoginChallenge, AppError> {
    let token = random_token(32);
    let now = db::now_ms();
    db::two_factor::purge_challenges(&state.db, now).await?;
    db::two_factor::insert_challenge(
        &state.db,
        &db::new_id(),
        &user.id,
        &token_hash(&token),
        now,
        now + CHALLENGE_TTL_SECS * 1000,
    )
    .await?;
    Ok(LoginChallenge {
        two_factor_required: true,
        challenge_token: token,
        expires_in: CHALLENGE_TTL_SECS,
    })
}

/// The code step: the user of the challenge when `code` is right. A wrong code leaves the challenge usable
/// (the throttle bounds the guesses); a right one uses it up.
pub async fn complete_challenge(
    state: &AppState,
    challenge_token: &str,
    code: &str,
    client: &ClientInfo,
) -> Result<UserRow, AppError> {
    let expired = || {
        AppError::new(
            ErrorCode::Unauthorized,
            "The sign-in has expired. Sign in again.",
        )
    };
    let now = db::now_ms();
    let (challenge_id, user_id) =
        db::two_factor::challenge_user(&state.db, &token_hash(challenge_token), now)
            .await?
            .ok_or_else(expired)?;
    let row = row(state, &user_id)
        .await?
        .filter(|r| r.confirmed_at.is_some())
        .ok_or_else(expired)?;
    let user = user(state, &user_id).await?;
    if !check_code(state, &user, &row, code, true, client).await? {
        security_events::record(state, &user.id, SecurityEventKind::TwoFactorFailed, client)
            .await?;
        return Err(AppError::new(
            ErrorCode::InvalidCredentials,
            "The code is not valid.",
        ));
    }
    if !db::two_factor::use_challenge(&state.db, &challenge_id, now).await? {
        return Err(expired());
    }
    Ok(user)
}

/// Whether `code` is a current TOTP code (each step once) or, with `allow_recovery`, an unused recovery code
/// (then used up). Guesses are throttled per account and per IP; only wrong ones count.
async fn check_code(
    state: &AppState,
    user: &UserRow,
    row: &TwoFactorRow,
    code: &str,
    allow_recovery: bool,
    client: &ClientInfo,
) -> Result<bool, AppError> {
    let limits = &state.settings.throttle;
    let buckets = [
        throttle::Bucket::account("two_factor", &user.id, limits.two_factor_account),
        throttle::Bucket::ip("two_factor", client.ip.as_deref(), limits.two_factor_ip),
    ];
    throttle::check(state, &buckets).await?;
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    let ok = if code.len() == DIGITS && code.bytes().all(|b| b.is_ascii_digit()) {
        match matching_step(&totp(&row.secret, &user.email)?, &code, db::now_ms() / 1000) {
            Some(step) => db::two_factor::claim_step(&state.db, &user.id, step).await?,
            None => false,
        }
    } else if allow_recovery && code.len() == RECOVERY_LENGTH {
        let used = db::two_factor::use_recovery_code(
            &state.db,
            &user.id,
            &recovery_hash(&code),
            db::now_ms(),
        )
        .await?;
        if used {
            security_events::record(state, &user.id, SecurityEventKind::RecoveryCodeUsed, client)
                .await?;
        }
        used
    } else {
        false
    };
    if !ok {
        throttle::record(state, &buckets).await?;
    }
    Ok(ok)
}

/// The time step (within the skew) whose code is `code`.
fn matching_step(totp: &TOTP, code: &str, now_secs: i64) -> Option<i64> {
    let current = now_secs / STEP_SECS;
    (current - SKEW_STEPS..=current + SKEW_STEPS)
        .filter(|step| *step >= 0)
        .find(|step| {
            constant_time_eq(
                totp.generate((step * STEP_SECS) as u64).as_bytes(),
                code.as_bytes(),
            )
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..RECOVERY_LENGTH)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            // Shown in groups of four for reading aloud; dashes and spaces are ignored when typed back.
            raw.as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    token_hash(&format!("recovery:{normal}"))
}

async fn user(state: &AppState, user_id: &str) -> Result<UserRow, AppError> {
    db::users::find_by_id(&state.db, user_id)
        .await?
        .ok_or_else(AppError::unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_only_within_the_skew() {
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        let totp = totp(&secret, "ada@example.com").expect("totp");
        // RFC 6238 appendix B, SHA-1, T = 59: 94287082 (8 digits) → 287082 with 6.
        assert_eq!(totp.generate(59), "287082");
        assert_eq!(matching_step(&totp, "287082", 59), Some(1));
        assert_eq!(matching_step(&totp, "287082", 59 + 30), Some(1));
        assert_eq!(matching_step(&totp, "287082", 59 + 90), None);
        assert_eq!(matching_step(&totp, "000000", 59), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_typed_back_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        let code = &codes[0];
        assert_eq!(code.len(), 19);
        assert_eq!(
            recovery_hash(code),
            recovery_hash(&code.replace('-', " ").to_uppercase())
        );
    }
}
