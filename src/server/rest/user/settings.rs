//! `GET/PATCH /settings/` and `GET/PATCH /preferences/`.

use super::route;
use crate::{
    api::{
        error::ErrorBody,
        settings::{Preferences, PreferencesPatch, Settings, SettingsPatch},
    },
    server::{auth::AuthUser, rest::json::Json, services::settings, AppError, AppState},
};
use axum::{extract::State, routing::get, Router};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/settings", get(get_settings).patch(patch_settings));
    route(
        router,
        "/preferences",
        get(get_preferences).patch(patch_preferences),
    )
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_settings, patch_settings, get_preferences, patch_preferences))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/settings/",
    tag = "settings",
    summary = "Notification, privacy and call settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings.", body = Settings),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn get_settings(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Settings>, AppError> {
    Ok(axum::Json(settings::settings(&state, &auth.user_id).await?))
}

#[utoipa::path(
    patch,
    path = "/api/dashboard/user/settings/",
    tag = "settings",
    summary = "Change settings",
    request_body = SettingsPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings after the change.", body = Settings),
        (status = 400, description = "A malformed body, or fields that are not valid (`fields` names them).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn patch_settings(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<SettingsPatch>,
) -> Result<axum::Json<Settings>, AppError> {
    Ok(axum::Json(
        settings::update_settings(&state, &auth.user_id, patch).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/preferences/",
    tag = "settings",
    summary = "Theme, language, time zone and dashboard layout",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The preferences.", body = Preferences),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn get_preferences(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Preferences>, AppError> {
    Ok(axum::Json(
        settings::preferences(&state, &auth.user_id).await?,
    ))
}

#[utoipa::path(
    patch,
    path = "/api/dashboard/user/preferences/",
    tag = "settings",
    summary = "Change preferences",
    request_body = PreferencesPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The preferences after the change.", body = Preferences),
        (status = 400, description = "A malformed body, or fields that are not valid (`fields` names them).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn patch_preferences(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<PreferencesPatch>,
) -> Result<axum::Json<Preferences>, AppError> {
    Ok(axum::Json(
        settings::update_preferences(&state, &auth.user_id, patch).await?,
    ))
}
