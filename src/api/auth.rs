//! Accounts and sign-in: the DTOs of `/api/auth/*` and the server functions behind the browser's
//! sign-in, sign-up and sign-out forms. Both faces call the same `server::services::accounts`.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user, as `GET /api/auth/me` returns it and the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

impl User {
    /// "First Last", or the email when no name was given.
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        let name = name.trim();
        if name.is_empty() {
            self.email.clone()
        } else {
            name.to_owned()
        }
    }

    /// The calendar date of `created_at` (YYYY-MM-DD); formatting for a locale comes with the i18n work.
    pub fn joined_date(&self) -> &str {
        self.created_at.get(..10).unwrap_or(&self.created_at)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// `POST /api/dashboard/user/change-password/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

/// The answer to a password change: the other sessions are ended; a REST caller gets fresh tokens for its
/// own session (a browser keeps its cookie, which stays valid).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordChanged {
    pub detail: String,
    pub sessions_ended: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<TokenResponse>,
}

/// `POST /api/dashboard/user/delete-account/`: the password, and the word DELETE typed out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeleteAccountRequest {
    pub password: String,
    pub confirmation: String,
}

/// What a REST sign-in or refresh returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    /// Seconds until `access_token` expires.
    pub expires_in: i64,
    pub refresh_token: String,
}

/// Signs in from the browser: on success the session cookie is set and the browser goes to `next`
/// (a local path only) or the overview.
#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), ApiError> {
    crate::server::web::sign_in(email, password, next).await
}

/// Creates an account from the browser and signs it in.
#[server(endpoint = "auth/sign-up")]
pub async fn sign_up(
    email: String,
    password: String,
    first_name: String,
    last_name: String,
) -> Result<(), ApiError> {
    let request = RegisterRequest {
        email,
        password,
        first_name,
        last_name,
    };
    crate::server::web::sign_up(request).await
}

/// Ends the browser's session and clears its cookie.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), ApiError> {
    crate::server::web::sign_out().await
}

/// The user of the current browser session, or `None` for a visitor.
#[server(endpoint = "auth/current-user")]
pub async fn current_user() -> Result<Option<User>, ApiError> {
    crate::server::web::current_user().await
}
