//! `/2fa/…`: two-factor authentication — status, enrollment (set-up, then confirm), disable, new recovery
//! codes. The rules live in `services::two_factor`.

use super::route;
use crate::{
    api::{
        error::ErrorBody,
        security::{
            RecoveryCodes, TwoFactorCodeRequest, TwoFactorPasswordRequest, TwoFactorSetup,
            TwoFactorStatus,
        },
    },
    server::{
        auth::{AuthUser, ClientInfo},
        rest::json::Json,
        services::two_factor,
        AppError, AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Router,
};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/2fa", get(status));
    let router = route(router, "/2fa/setup", post(setup));
    let router = route(router, "/2fa/confirm", post(confirm));
    let router = route(router, "/2fa/disable", post(disable));
    route(router, "/2fa/recovery-codes", post(regenerate))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(status, setup, confirm, disable, regenerate))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/2fa/",
    tag = "security",
    summary = "Whether two-factor authentication is on",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The status and the recovery codes left.", body = TwoFactorStatus),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn status(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<TwoFactorStatus>, AppError> {
    Ok(axum::Json(two_factor::status(&state, &auth.user_id).await?))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/2fa/setup/",
    tag = "security",
    summary = "Start enrolling: a new secret, its otpauth URL and QR code",
    description = "2FA stays off until `/2fa/confirm/` receives a code. Calling this again replaces a pending secret.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The secret to add to an authenticator app.", body = TwoFactorSetup),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 409, description = "2FA is already on.", body = ErrorBody),
    )
)]
async fn setup(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<TwoFactorSetup>, AppError> {
    Ok(axum::Json(two_factor::start(&state, &auth).await?))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/2fa/confirm/",
    tag = "security",
    summary = "Turn 2FA on with a code from the app",
    description = "Ends every other session of the user. The recovery codes are returned this once.",
    request_body = TwoFactorCodeRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "2FA is on; ten one-time recovery codes.", body = RecoveryCodes),
        (status = 400, description = "A malformed body, or the code is not valid (`fields.code`).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 409, description = "No set-up was started, or 2FA is already on.", body = ErrorBody),
        (status = 429, description = "Too many wrong codes; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn confirm(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    Json(request): Json<TwoFactorCodeRequest>,
) -> Result<axum::Json<RecoveryCodes>, AppError> {
    Ok(axum::Json(
        two_factor::confirm(&state, &auth, &request.code, &client).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/2fa/disable/",
    tag = "security",
    summary = "Turn 2FA off",
    description = "Needs the password and a current code or a recovery code. Ends every other session.",
    request_body = TwoFactorPasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "2FA is off; the secret and recovery codes are deleted."),
        (status = 400, description = "A malformed body, a wrong password (`fields.password`) or code (`fields.code`).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 409, description = "2FA is not on.", body = ErrorBody),
        (status = 429, description = "Too many wrong passwords or codes; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn disable(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    Json(request): Json<TwoFactorPasswordRequest>,
) -> Result<StatusCode, AppError> {
    two_factor::disable(&state, &auth, &request.password, &request.code, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/2fa/recovery-codes/",
    tag = "security",
    summary = "Replace the recovery codes",
    description = "Needs the password and a current code. The old codes stop working; the new ones are returned this once.",
    request_body = TwoFactorPasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Ten new recovery codes.", body = RecoveryCodes),
        (status = 400, description = "A malformed body, a wrong password (`fields.password`) or code (`fields.code`).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 409, description = "2FA is not on.", body = ErrorBody),
        (status = 429, description = "Too many wrong passwords or codes; `Retry-After` says when to try again.", body = ErrorBody),
    )
)]
async fn regenerate(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    Json(request): Json<TwoFactorPasswordRequest>,
) -> Result<axum::Json<RecoveryCodes>, AppError> {
    Ok(axum::Json(
        two_factor::regenerate(&state, &auth, &request.password, &request.code, &client).await?,
    ))
}
