//! `GET /calls/`, `GET /calls/{id}/` and `GET /calls/export.csv`.

use super::route;
use crate::{
    api::{
        calls::{Call, CallPage, CallQuery},
        error::ErrorBody,
    },
    server::{
        auth::AuthUser,
        db,
        rest::json::Query,
        services::calls::{self, CSV_HEADER},
        AppError, AppState,
    },
};
use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use futures::StreamExt;

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/calls", get(list));
    let router = route(router, "/calls/export.csv", get(export_csv));
    route(router, "/calls/{id}", get(detail))
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, export_csv, detail))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/calls/",
    tag = "calls",
    summary = "The call history, newest first",
    description = "Page mode (`page`) counts the matches; cursor mode (`cursor`) does not, so a deep page costs what the first costs.",
    params(CallQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of calls.", body = CallPage),
        (status = 400, description = "A filter is not valid (`fields` names it).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(query): Query<CallQuery>,
) -> Result<axum::Json<CallPage>, AppError> {
    Ok(axum::Json(
        calls::list(&state, &auth.user_id, &query).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/calls/{id}/",
    tag = "calls",
    summary = "One call",
    params(("id" = String, Path, description = "The call's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The call.", body = Call),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The user has no call with this id.", body = ErrorBody),
    )
)]
async fn detail(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<axum::Json<Call>, AppError> {
    Ok(axum::Json(calls::detail(&state, &auth.user_id, &id).await?))
}

/// Rows are converted to CSV as they stream from the database, a few hundred at a time: memory stays small
/// whatever the history's size, and the download starts at once.
#[utoipa::path(
    get,
    path = "/api/dashboard/user/calls/export.csv",
    tag = "calls",
    summary = "Every call matching the filters, as CSV",
    description = "The listing's filters; every matching call is exported, not one page.",
    params(CallQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One row per call, streamed as it is read.", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"calls.csv\""))),
        (status = 400, description = "A filter is not valid (`fields` names it).", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn export_csv(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(query): Query<CallQuery>,
) -> Result<Response, AppError> {
    let listing = calls::parse(&state, &auth.user_id, &query).await?;
    let (rows_tx, rows_rx) = tokio::sync::mpsc::channel::<db::calls::CallRow>(512);
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(e) = db::calls::stream(&db, &listing.filter, rows_tx).await {
            tracing::error!(error = %e, "call export stopped");
        }
    });
    let header_chunk = csv_chunk(|w| w.write_record(CSV_HEADER));
    let body = futures::stream::once(async move { Ok::<_, std::io::Error>(header_chunk) }).chain(
        futures::stream::unfold(rows_rx, |mut rx| async move {
            let first = rx.recv().await?;
            let mut batch = vec![first];
            while batch.len() < 500 {
                match rx.try_recv() {
                    Ok(row) => batch.push(row),
                    Err(_) => break,
                }
            }
            let chunk = csv_chunk(|w| {
                for row in &batch {
                    w.write_record(calls::csv_record(row))?;
                }
                Ok(())
            });
            Some((Ok::<_, std::io::Error>(chunk), rx))
        }),
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"calls.csv\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// CSV text written by `write`, as one body chunk.
fn csv_chunk(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> Bytes {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if let Err(e) = write(&mut writer) {
        tracing::error!(error = %e, "csv encoding");
    }
    Bytes::from(writer.into_inner().unwrap_or_default())
}
