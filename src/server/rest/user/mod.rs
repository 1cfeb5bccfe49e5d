//! `/api/dashboard/user/*`: the signed-in user's own dashboard, account and settings (snake_case JSON), as
//! documented in `user-dashboard-api-calls.md`. Every handler authenticates with `AuthUser` (Bearer JWT or the
//! browser cookie) and only ever touches the caller's own rows.

mod avatar;
mod calls;
mod export;
mod notifications;
mod overview;
mod security;
mod sessions;
mod settings;
mod subscription;
mod support;
mod two_factor;

use crate::server::AppState;
use axum::{extract::DefaultBodyLimit, routing::MethodRouter, Router};

/// The prefix of every path here.
pub const PREFIX: &str = "/api/dashboard/user";

pub fn router() -> Router<AppState> {
    let router = Router::new();
    let router = overview::routes(router);
    let router = calls::routes(router);
    let router = settings::routes(router);
    let router = notifications::routes(router);
    let router = security::routes(router);
    let router = two_factor::routes(router);
    let router = sessions::routes(router);
    let router = subscription::routes(router);
    let router = avatar::routes(router);
    let router = export::routes(router);
    let router = support::routes(router);
    router.layer(DefaultBodyLimit::max(super::JSON_BODY_LIMIT))
}

/// The operations of every module here, for the OpenAPI document.
pub fn docs() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    let mut docs = overview::Docs::openapi();
    let parts = [
        calls::Docs::openapi(),
        settings::Docs::openapi(),
        notifications::Docs::openapi(),
        security::Docs::openapi(),
        two_factor::Docs::openapi(),
        sessions::Docs::openapi(),
        subscription::Docs::openapi(),
        avatar::Docs::openapi(),
        export::Docs::openapi(),
        support::Docs::openapi(),
    ];
    for part in parts {
        docs.merge(part);
    }
    docs
}

/// Registers `PREFIX + path` both with and without a trailing slash: the API documents `…/profile/`, and
/// clients that drop the slash must reach the same handler rather than a 404.
pub fn route(
    router: Router<AppState>,
    path: &str,
    method: MethodRouter<AppState>,
) -> Router<AppState> {
    route_at(router, &format!("{PREFIX}{path}"), method)
}

/// `route` for a full path.
pub fn route_at(
    router: Router<AppState>,
    path: &str,
    method: MethodRouter<AppState>,
) -> Router<AppState> {
    let path = path.trim_end_matches('/');
    router
        .route(path, method.clone())
        .route(&format!("{path}/"), method)
}
