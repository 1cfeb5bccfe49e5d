//! `GET /api/dashboard/user/export-data/`: the user's data as a ZIP of CSV and JSON (default), or with
//! `?format=json` as one JSON document; streamed as it is read (see `services::export`).

use super::route;
use crate::{
    api::ErrorCode,
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

#[derive(Debug, Deserialize)]
struct ExportQuery {
    format: Option<String>,
}

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
