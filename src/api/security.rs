//! Account security: two-factor sign-in, active sessions and the security history. The DTOs of
//! `/api/auth/login/2fa` and `/api/dashboard/user/{2fa,sessions,security-events}/…`, and the server functions
//! of the Security screen and of the login page's second step. Both faces call `server::services`.

use super::{auth::PasswordChanged, ApiError};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The answer to a correct password when the account has 2FA on: no session yet, a challenge to complete
/// with `POST /api/auth/login/2fa` within `expires_in` seconds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginChallenge {
    /// Always true: tells this answer apart from a token pair.
    pub two_factor_required: bool,
    pub challenge_token: String,
    pub expires_in: i64,
}

/// The second step: the challenge and a 6-digit code from the authenticator, or one recovery code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TwoFactorLoginRequest {
    pub challenge_token: String,
    pub code: String,
}

/// Whether 2FA is on, and how many recovery codes are left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// An enrollment was started and awaits its confirming code.
    pub pending: bool,
    /// RFC 3339, UTC.
    pub enabled_at: Option<String>,
    pub recovery_codes_left: i64,
}

/// A started enrollment: the secret to type or the QR code to scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TwoFactorSetup {
    /// Base32, for typing into an authenticator app.
    pub secret: String,
    pub otpauth_url: String,
    /// The otpauth URL as a QR code: a `data:image/svg+xml;base64,…` URL.
    pub qr_code: String,
}

/// Confirms an enrollment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TwoFactorCodeRequest {
    pub code: String,
}

/// Disabling 2FA or replacing the recovery codes: the password and a current code (or a recovery code).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TwoFactorPasswordRequest {
    pub password: String,
    pub code: String,
}

/// Ten one-time codes, shown this once (only their hashes are kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// The device of a request without a user agent (or an empty one), in `ActiveSession::device` and
/// `SecurityEvent::device`.
pub const UNKNOWN_DEVICE: &str = "Unknown device";

/// One signed-in device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActiveSession {
    pub id: String,
    /// `browser` (cookie) or `api` (tokens).
    pub kind: String,
    /// A readable device, e.g. "Firefox on Linux".
    pub device: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
    /// The session of this request.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    pub sessions_ended: i64,
}

/// What happened in the security history; stored by name, so new kinds can be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecurityEventKind {
    SignIn,
    SignInFailed,
    TwoFactorFailed,
    PasswordChanged,
    PasswordReset,
    EmailChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    SessionEnded,
    OtherSessionsEnded,
}

impl SecurityEventKind {
    pub const ALL: [SecurityEventKind; 12] = [
        Self::SignIn,
        Self::SignInFailed,
        Self::TwoFactorFailed,
        Self::PasswordChanged,
        Self::PasswordReset,
        Self::EmailChanged,
        Self::TwoFactorEnabled,
        Self::TwoFactorDisabled,
        Self::RecoveryCodeUsed,
        Self::RecoveryCodesRegenerated,
        Self::SessionEnded,
        Self::OtherSessionsEnded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::SignInFailed => "sign_in_failed",
            Self::TwoFactorFailed => "two_factor_failed",
            Self::PasswordChanged => "password_changed",
            Self::PasswordReset => "password_reset",
            Self::EmailChanged => "email_changed",
            Self::TwoFactorEnabled => "two_factor_enabled",
            Self::TwoFactorDisabled => "two_factor_disabled",
            Self::RecoveryCodeUsed => "recovery_code_used",
            Self::RecoveryCodesRegenerated => "recovery_codes_regenerated",
            Self::SessionEnded => "session_ended",
            Self::OtherSessionsEnded => "other_sessions_ended",
        }
    }

    pub fn parse(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == kind)
    }
}

/// One entry of the security history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SecurityEvent {
    pub id: String,
    /// `sign_in`, `sign_in_failed`, `password_changed`, … (see `SecurityEventKind`).
    pub kind: String,
    pub ip: Option<String>,
    pub device: String,
    pub created_at: String,
}

/// One page of the history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SecurityEventPage {
    pub count: i64,
    pub page: i64,
    pub page_size: i64,
    pub total_pages: i64,
    pub results: Vec<SecurityEvent>,
}

/// The Security screen's session list, each time written in the user's time zone (as the calls list does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsView {
    pub sessions: Vec<ActiveSession>,
    pub timezone: String,
    /// `created_local[i]` belongs to `sessions[i]`: "2026-01-05 14:30".
    pub created_local: Vec<String>,
    pub last_seen_local: Vec<String>,
}

/// A page of the security history for the screen, with each time in the user's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityHistoryView {
    pub page: SecurityEventPage,
    pub timezone: String,
    /// `created_local[i]` belongs to `page.results[i]`.
    pub created_local: Vec<String>,
}

/// What the Security screen shows about 2FA: the status, the enrollment in progress (its secret and QR code,
/// until confirmed) and recovery codes just made (once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorOverview {
    pub status: TwoFactorStatus,
    pub setup: Option<TwoFactorSetup>,
    pub new_codes: Option<Vec<String>>,
}

/// The login page's second step: a code for the challenge the password step left in a cookie.
#[server(endpoint = "auth/sign-in-code")]
pub async fn sign_in_code(code: String, next: Option<String>) -> Result<(), ApiError> {
    crate::server::web_security::sign_in_code(code, next).await
}

#[server(endpoint = "security/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<PasswordChanged, ApiError> {
    crate::server::web_security::change_password(current_password, new_password, confirm_password)
        .await
}

#[server(endpoint = "security/two-factor")]
pub async fn two_factor_panel() -> Result<TwoFactorOverview, ApiError> {
    crate::server::web_security::two_factor_panel().await
}

#[server(endpoint = "security/two-factor/start")]
pub async fn start_two_factor() -> Result<TwoFactorSetup, ApiError> {
    crate::server::web_security::start_two_factor().await
}

#[server(endpoint = "security/two-factor/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<RecoveryCodes, ApiError> {
    crate::server::web_security::confirm_two_factor(code).await
}

#[server(endpoint = "security/two-factor/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), ApiError> {
    crate::server::web_security::disable_two_factor(password, code).await
}

#[server(endpoint = "security/two-factor/recovery-codes")]
pub async fn regenerate_recovery_codes(
    password: String,
    code: String,
) -> Result<RecoveryCodes, ApiError> {
    crate::server::web_security::regenerate_recovery_codes(password, code).await
}

/// Forgets recovery codes shown after a plain form post (they ride in a short-lived cookie until then).
#[server(endpoint = "security/two-factor/codes-saved")]
pub async fn dismiss_recovery_codes() -> Result<(), ApiError> {
    crate::server::web_security::dismiss_recovery_codes().await
}

#[server(endpoint = "security/sessions")]
pub async fn list_sessions() -> Result<SessionsView, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::sessions::view_list(&state, &user).await
    })
    .await
}

#[server(endpoint = "security/sessions/end")]
pub async fn end_session(id: String) -> Result<(), ApiError> {
    crate::server::web_security::end_session(id).await
}

#[server(endpoint = "security/sessions/end-others")]
pub async fn end_other_sessions() -> Result<SessionsEnded, ApiError> {
    crate::server::web_security::end_other_sessions().await
}

#[server(endpoint = "security/events", input = Json)]
pub async fn security_events(page: i64) -> Result<SecurityHistoryView, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::security_events::view_list(&state, &user.user_id, page).await
    })
    .await
}
