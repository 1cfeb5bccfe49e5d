//! `/api/dashboard/usage/*`, `/api/dashboard/activity/` and `/api/dashboard/user/calls/stats/`.

use super::{json::Query, user::route_at};
use crate::{
    api::{
        analytics::{ActivityPage, CallSeries, ModelUsage, SeriesQuery, TokenSeries},
        error::ErrorBody,
    },
    server::{auth::AuthUser, services::analytics, AppError, AppState},
};
use axum::{
    extract::State,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    let router = route_at(Router::new(), "/api/dashboard/usage/tokens", get(tokens));
    let router = router.route("/api/dashboard/usage/tokens.csv", get(tokens_csv));
    let router = route_at(router, "/api/dashboard/usage/models", get(models));
    let router = route_at(router, "/api/dashboard/activity", get(activity));
    route_at(router, "/api/dashboard/user/calls/stats", get(call_stats))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(tokens, tokens_csv, models, activity, call_stats))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/usage/tokens/",
    tag = "analytics",
    summary = "Token usage over time",
    params(SeriesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One point per bucket.", body = TokenSeries),
        (status = 400, description = "A query parameter is not valid (`fields` names it), or more than 1,100 buckets.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn tokens(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<SeriesQuery>,
) -> Result<axum::Json<TokenSeries>, AppError> {
    Ok(axum::Json(
        analytics::tokens(&state, &auth.user_id, &q).await?,
    ))
}

/// The same series as `/usage/tokens/`, one row per bucket.
#[utoipa::path(
    get,
    path = "/api/dashboard/usage/tokens.csv",
    tag = "analytics",
    summary = "Token usage over time, as CSV",
    params(SeriesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Columns date, start, prompt_tokens, completion_tokens, total_tokens, requests; one row per bucket.", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"token-usage.csv\""))),
        (status = 400, description = "A query parameter is not valid (`fields` names it), or more than 1,100 buckets.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn tokens_csv(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<SeriesQuery>,
) -> Result<Response, AppError> {
    let series = analytics::tokens(&state, &auth.user_id, &q).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = || -> csv::Result<()> {
        writer.write_record([
            "date",
            "start",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
            "requests",
        ])?;
        for p in &series.points {
            let numbers = [
                p.prompt_tokens,
                p.completion_tokens,
                p.total_tokens,
                p.requests,
            ]
            .map(|n| n.to_string());
            writer.write_record([
                p.date.as_str(),
                p.start.as_str(),
                &numbers[0],
                &numbers[1],
                &numbers[2],
                &numbers[3],
            ])?;
        }
        Ok(())
    };
    write().map_err(|e| AppError::internal(format!("csv: {e}")))?;
    let body = writer
        .into_inner()
        .map_err(|e| AppError::internal(format!("csv: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"token-usage.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(
    get,
    path = "/api/dashboard/usage/models/",
    tag = "analytics",
    summary = "Token usage per model",
    params(SeriesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Each model's share of the period's tokens, the largest first.", body = ModelUsage),
        (status = 400, description = "A query parameter is not valid (`fields` names it), or more than 1,100 buckets.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn models(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<SeriesQuery>,
) -> Result<axum::Json<ModelUsage>, AppError> {
    Ok(axum::Json(
        analytics::models(&state, &auth.user_id, &q).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/calls/stats/",
    tag = "analytics",
    summary = "Call statistics over time",
    params(SeriesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Calls, outcomes, durations and ratings per bucket.", body = CallSeries),
        (status = 400, description = "A query parameter is not valid (`fields` names it), or more than 1,100 buckets.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn call_stats(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<SeriesQuery>,
) -> Result<axum::Json<CallSeries>, AppError> {
    Ok(axum::Json(
        analytics::calls(&state, &auth.user_id, &q).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ActivityQuery {
    /// The `nextCursor` of the previous page; absent for the newest.
    cursor: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/dashboard/activity/",
    tag = "dashboard",
    summary = "One timeline of calls, chats, images, billing and security events",
    params(ActivityQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The newest events first; follow `nextCursor` for older ones.", body = ActivityPage),
        (status = 400, description = "The cursor is not valid.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn activity(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<ActivityQuery>,
) -> Result<axum::Json<ActivityPage>, AppError> {
    Ok(axum::Json(
        analytics::timeline(&state, &auth.user_id, q.cursor.as_deref()).await?,
    ))
}
