//! `GET/PATCH /settings/` and `GET/PATCH /preferences/`.

use super::route;
use crate::{
    api::settings::{Preferences, PreferencesPatch, Settings, SettingsPatch},
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

async fn get_settings(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Settings>, AppError> {
    Ok(axum::Json(settings::settings(&state, &auth.user_id).await?))
}

async fn patch_settings(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<SettingsPatch>,
) -> Result<axum::Json<Settings>, AppError> {
    Ok(axum::Json(
        settings::update_settings(&state, &auth.user_id, patch).await?,
    ))
}

async fn get_preferences(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<Preferences>, AppError> {
    Ok(axum::Json(
        settings::preferences(&state, &auth.user_id).await?,
    ))
}

async fn patch_preferences(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(patch): Json<PreferencesPatch>,
) -> Result<axum::Json<Preferences>, AppError> {
    Ok(axum::Json(
        settings::update_preferences(&state, &auth.user_id, patch).await?,
    ))
}
