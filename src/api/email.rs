//! Email verification and password reset: the DTOs of the `/api/auth/verify-email*` and
//! `/api/auth/password-reset/*` routes, and the server functions behind the pages the mailed links open.
//! Both faces call `server::services::email`.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// `POST /api/auth/verify-email`: the token from the link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    pub token: String,
}

/// An address was confirmed: the account's own, or a new one that now replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmailVerified {
    pub detail: String,
    /// The account's address, now verified.
    pub email: String,
    /// True when the link confirmed a change of address (the old address has been told).
    pub changed: bool,
}

/// A body with just an address: resend the verification link, or request a password reset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmailRequest {
    pub email: String,
}

/// The same answer whether or not the address has an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Accepted {
    pub detail: String,
}

/// `POST /api/auth/password-reset/confirm`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    pub token: String,
    pub new_password: String,
    /// When sent, it must equal `new_password` (forms ask twice; API clients may not).
    #[serde(default)]
    pub confirm_password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordResetDone {
    pub detail: String,
    /// Every session of the account is ended: all devices must sign in with the new password.
    pub sessions_ended: i64,
}

/// Confirms the address a mailed link was sent to (the `/verify-email?token=` page calls this as it renders).
#[server(endpoint = "auth/verify-email")]
pub async fn verify_email(token: String) -> Result<EmailVerified, ApiError> {
    crate::server::web::as_visitor(|state, client| async move {
        crate::server::services::email::verify(&state, &token, &client).await
    })
    .await
}

/// Sends a new verification link if the address belongs to an account waiting for one; answers the same
/// either way, then shows the page's "sent" note.
#[server(endpoint = "auth/resend-verification")]
pub async fn resend_verification(email: String) -> Result<(), ApiError> {
    crate::server::web::as_visitor(|state, client| async move {
        crate::server::services::email::resend(&state, &email, &client).await
    })
    .await?;
    leptos_axum::redirect("/verify-email?resent=1");
    Ok(())
}

/// Mails a reset link if the address has an account; answers the same either way.
#[server(endpoint = "auth/forgot-password")]
pub async fn request_password_reset(email: String) -> Result<(), ApiError> {
    crate::server::web::as_visitor(|state, client| async move {
        crate::server::services::email::request_reset(&state, &email, &client).await
    })
    .await?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

/// Sets a new password with a reset link's token; every session of the account ends.
#[server(endpoint = "auth/reset-password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), ApiError> {
    let request = PasswordResetConfirm {
        token,
        new_password,
        confirm_password: Some(confirm_password),
    };
    crate::server::web::as_visitor(|state, client| async move {
        crate::server::services::email::reset(&state, request, &client).await
    })
    .await?;
    leptos_axum::redirect("/reset-password?done=1");
    Ok(())
}
