//! The server side of the Security screen's server functions and of the login page's 2FA step.
//!
//! Two short-lived HttpOnly cookies carry what a plain HTML form post (no JavaScript) cannot keep in page
//! state across its redirect: the sign-in challenge between the password and code steps (5 minutes), and
//! recovery codes just made, until the user says they saved them (10 minutes at most). Neither is readable by
//! scripts; the codes cookie never outlives its display.

use crate::{
    api::{
        auth::{ChangePasswordRequest, PasswordChanged},
        security::{
            LoginChallenge, RecoveryCodes, SessionsEnded, TwoFactorOverview, TwoFactorSetup,
        },
        ApiError, ErrorCode,
    },
    server::{
        auth::{AuthUser, ClientInfo},
        services::{accounts, security, sessions, two_factor},
        web::{as_user, as_user_done, safe_next, start_cookie_session, Request},
        AppError, AppState,
    },
};
use cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use http::{header, request::Parts, HeaderValue};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

const CHALLENGE_COOKIE: &str = "dashboard_2fa";
const CODES_COOKIE: &str = "dashboard_recovery_codes";
const CODES_TTL_SECS: i64 = 10 * 60;

fn cookie(name: &'static str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::seconds(max_age_secs))
        .build();
    // Our names and values are base64url and code characters: always a valid header.
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn read_cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// The device of the request this server function runs in.
fn client() -> ClientInfo {
    use_context::<Parts>()
        .map(|parts| ClientInfo::from_parts(&parts))
        .unwrap_or_default()
}

fn set_cookie(value: HeaderValue) {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.append_header(header::SET_COOKIE, value);
    }
}

fn secure(state: &AppState) -> bool {
    state.settings.secure_cookies()
}

/// The password step succeeded and 2FA is on: keep the challenge in a cookie and show the code step.
pub(crate) fn await_code(request: &Request, challenge: &LoginChallenge, next: Option<&str>) {
    request.set_cookie(cookie(
        CHALLENGE_COOKIE,
        &challenge.challenge_token,
        challenge.expires_in,
        request.secure(),
    ));
    let next = safe_next(next);
    let target = if next == "/" {
        "/login?step=code".to_owned()
    } else {
        format!("/login?step=code&next={}", urlencoding::encode(&next))
    };
    leptos_axum::redirect(&target);
}

pub async fn sign_in_code(code: String, next: Option<String>) -> Result<(), ApiError> {
    let request = Request::current()?;
    let client = ClientInfo::from_parts(&request.parts);
    let result = async {
        let challenge = read_cookie(&request.parts, CHALLENGE_COOKIE).ok_or_else(|| {
            AppError::new(
                ErrorCode::Unauthorized,
                "The sign-in has expired. Sign in again.",
            )
        })?;
        let user =
            two_factor::complete_challenge(&request.state, &challenge, &code, &client).await?;
        accounts::start_browser_session(&request.state, &user, &client).await
    }
    .await;
    match result {
        Ok(session) => {
            request.set_cookie(cookie(CHALLENGE_COOKIE, "", 0, request.secure()));
            start_cookie_session(&request, &session);
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        Err(e) => Err(request.fail(e)),
    }
}

pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<PasswordChanged, ApiError> {
    let client = client();
    as_user_done("password", |state, user| async move {
        let request = ChangePasswordRequest {
            current_password,
            new_password,
            confirm_password,
        };
        security::change_password(&state, &user, request, &client).await
    })
    .await
}

pub async fn two_factor_panel() -> Result<TwoFactorOverview, ApiError> {
    let codes = use_context::<Parts>().and_then(|p| read_cookie(&p, CODES_COOKIE));
    as_user(|state, user| async move {
        let status = two_factor::status(&state, &user.user_id).await?;
        let setup = two_factor::pending_setup(&state, &user.user_id).await?;
        let new_codes = codes
            .filter(|_| status.enabled)
            .map(|c| c.split('.').map(str::to_owned).collect());
        Ok(TwoFactorOverview {
            status,
            setup,
            new_codes,
        })
    })
    .await
}

pub async fn start_two_factor() -> Result<TwoFactorSetup, ApiError> {
    as_user(|state, user| async move { two_factor::start(&state, &user).await }).await
}

/// Keeps just-made codes for the page to show after the form's redirect.
fn hold_codes(state: &AppState, codes: &RecoveryCodes) {
    set_cookie(cookie(
        CODES_COOKIE,
        &codes.recovery_codes.join("."),
        CODES_TTL_SECS,
        secure(state),
    ));
}

pub async fn confirm_two_factor(code: String) -> Result<RecoveryCodes, ApiError> {
    let client = client();
    as_user(|state, user| async move {
        let codes = two_factor::confirm(&state, &user, &code, &client).await?;
        hold_codes(&state, &codes);
        Ok(codes)
    })
    .await
}

pub async fn disable_two_factor(password: String, code: String) -> Result<(), ApiError> {
    let client = client();
    as_user_done("two-factor-off", |state, user| async move {
        two_factor::disable(&state, &user, &password, &code, &client).await?;
        set_cookie(cookie(CODES_COOKIE, "", 0, secure(&state)));
        Ok(())
    })
    .await
}

pub async fn regenerate_recovery_codes(
    password: String,
    code: String,
) -> Result<RecoveryCodes, ApiError> {
    let client = client();
    as_user(|state, user| async move {
        let codes = two_factor::regenerate(&state, &user, &password, &code, &client).await?;
        hold_codes(&state, &codes);
        Ok(codes)
    })
    .await
}

pub async fn dismiss_recovery_codes() -> Result<(), ApiError> {
    as_user(|state, _user: AuthUser| async move {
        set_cookie(cookie(CODES_COOKIE, "", 0, secure(&state)));
        Ok(())
    })
    .await
}

pub async fn end_session(id: String) -> Result<(), ApiError> {
    let client = client();
    as_user_done("session-ended", |state, user| async move {
        sessions::end(&state, &user, &id, &client).await
    })
    .await
}

pub async fn end_other_sessions() -> Result<SessionsEnded, ApiError> {
    let client = client();
    as_user_done("others-ended", |state, user| async move {
        sessions::end_others(&state, &user, &client).await
    })
    .await
}
