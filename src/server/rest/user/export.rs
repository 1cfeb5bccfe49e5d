//! `GET /api/dashboard/user/export-data/`: the user's data as a ZIP of CSV and JSON (default), or with
//! `?format=json` as one JSON document; streamed as it is read (see `services::export`).

use super::route;
use crate::{
    api::{error::ErrorBody, ErrorCode},
    server::{
        auth::AuthUser,
        services::export::{self, Format},
        AppError, AppState,
    },
};
use axum::{
    body::Body,
    extract::{rejection::QueryRejection, Query, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use serde::Deserialize;

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    route(router, "/export-data", get(export_data))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(export_data))]
pub struct Docs;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// zip (default) or json.
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/export-data/",
    tag = "account",
    summary = "Download all of the user's data",
    params(ExportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The export, streamed as it is read: a ZIP of CSV and JSON files, or one JSON document with `format=json`.", content(
            ("application/zip"),
            ("application/json"),
        ), headers(("Content-Disposition" = String, description = "attachment; filename=\"dashboard-export-<date>.zip\" (or .json)"))),
        (status = 400, description = "`format` is not zip or json, or the query string cannot be read.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The account no longer exists.", body = ErrorBody),
        (status = 429, description = "Several exports are being prepared right now; try again in a minute.", body = ErrorBody),
    )
)]
async fn export_data(
    State(state): State<AppState>,
    auth: AuthUser,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let format = match query {
        Ok(Query(q)) => Format::parse(q.format.as_deref())?,
        Err(_) => {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                "The query string could not be read.",
            ))
        }
    };
    let stream = export::start(&state.db, &auth.user_id, format).await?;
    let disposition = format!("attachment; filename=\"{}\"", format.file_name());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .map_err(|e| AppError::internal(format!("content-disposition: {e}")))?,
            ),
            // Personal data: no shared cache may keep a copy.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
