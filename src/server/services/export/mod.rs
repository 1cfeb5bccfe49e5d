//! The data export (GDPR): everything the dashboard holds about a user, as a ZIP of CSV and JSON files or,
//! with `?format=json`, as one JSON document.
//!
//! Streamed, in bounded memory: every table is read with a sqlx `fetch` stream and each row is written out
//! as it arrives, through a bounded channel to the response body. A user with a million calls costs the same
//! few hundred kilobytes as one with ten, and a slow client slows the reads down instead of filling memory.
//! All reads share one snapshot (`db::export::snapshot`), so the sections agree with each other.
//!
//! Why the `zip` crate (zip-rs): it is the maintained, widely used implementation (async_zip is still a 0.0.x
//! crate), and `ZipWriter::new_stream` writes to an output that cannot seek, putting each entry's sizes in a
//! data descriptor after its data — exactly what a response body is. It is synchronous and deflating is about
//! half of an export's CPU time, so it runs on a blocking thread of its own (`deflater`) beside the export
//! task that reads and serialises the rows; it writes into a buffer (`Pending`) that `Body` hands to the
//! response in 64 KiB chunks.

mod archive;
mod body;
mod deflater;
mod document;

use crate::{
    api::ErrorCode,
    server::{
        db::{
            self,
            export::{
                CallRow, ChatRow, ExportRow, ImageRow, InvoiceRow, NotificationRow,
                PaymentMethodRow, ProfileRow, SessionRow, SettingsRow, SubscriptionRow,
                SupportTicketRow, TokenUsageRow,
            },
            Db, Tx,
        },
        AppError,
    },
};
use archive::ZipSink;
use axum::body::Bytes;
use body::Body;
use document::JsonSink;
use futures::{Stream, TryStreamExt};
use std::{
    io,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    task::Poll,
};
use tokio::sync::{mpsc, Semaphore};

/// Chunks waiting for the client: with `body::CHUNK`, the bulk of what one export holds in memory.
const CHUNKS_IN_FLIGHT: usize = 4;
/// Exports running at once on this server. Each holds a pooled connection (and, on PostgreSQL, a snapshot
/// that holds back vacuum) until its client has read everything, so they must not be able to take the pool.
static EXPORTS: Semaphore = Semaphore::const_new(4);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Zip,
    Json,
}

impl Format {
    /// `?format=`: absent or `zip` for the archive, `json` for one document.
    pub fn parse(value: Option<&str>) -> Result<Self, AppError> {
        match value.map(str::trim) {
            None | Some("" | "zip") => Ok(Format::Zip),
            Some("json") => Ok(Format::Json),
            Some(_) => Err(AppError::field("format", "Choose zip or json.")),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Zip => "application/zip",
            Format::Json => "application/json",
        }
    }

    /// `dashboard-export-<UTC date>.<zip|json>`.
    pub fn file_name(self) -> String {
        let today = time::OffsetDateTime::now_utc().date();
        let extension = match self {
            Format::Zip => "zip",
            Format::Json => "json",
        };
        format!("dashboard-export-{today}.{extension}")
    }
}

/// Starts the user's export and returns the body to stream. The snapshot is taken and the account read
/// before this returns, so those failures are still ordinary error responses; the rest is written in the
/// background, as fast as the client reads.
pub async fn start(
    db: &Db,
    user_id: &str,
    format: Format,
) -> Result<impl Stream<Item = io::Result<Bytes>> + Send + 'static, AppError> {
    let permit = EXPORTS.try_acquire().map_err(|_| {
        AppError::new(
            ErrorCode::RateLimited,
            "Several exports are being prepared right now. Try again in a minute.",
        )
    })?;
    let mut tx = db::export::snapshot(db).await?;
    let profile = first::<ProfileRow>(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("The account"))?;
    let (sender, mut receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let mut body = Body::new(sender);
    let complete = Arc::new(AtomicBool::new(false));
    let completed = complete.clone();
    let user_id = user_id.to_owned();
    tokio::spawn(async move {
        let _permit = permit;
        let result = match format {
            Format::Zip => {
                let sink = ZipSink::new(body.pending());
                write(sink, &mut body, &mut tx, &user_id, &profile).await
            }
            Format::Json => write(JsonSink, &mut body, &mut tx, &user_id, &profile).await,
        };
        match result {
            Ok(()) => completed.store(true, Ordering::Release),
            Err(e) if body.gone() => tracing::info!(error = %e, "export abandoned by the client"),
            Err(e) => tracing::error!(error = %e, "export failed"),
        }
    });
    // An export that ends without completing (a failure, a panic) must not look whole: the status line and
    // part of the body are sent already, so the one signal left is to break the response off with an error.
    // The client then sees an incomplete download rather than a truncated file with a clean ending.
    Ok(futures::stream::poll_fn(move |cx| {
        match receiver.poll_recv(cx) {
            Poll::Ready(None) if !complete.swap(true, Ordering::AcqRel) => {
                Poll::Ready(Some(Err(io::Error::other("the export was cut short"))))
            }
            other => other,
        }
    }))
}

/// The sections, in order, for either format.
async fn write<S: Sink>(
    mut sink: S,
    body: &mut Body,
    tx: &mut Tx,
    user_id: &str,
    profile: &ProfileRow,
) -> Result<(), AppError> {
    sink.begin(body, user_id).await?;
    sink.record(body, Some(profile)).await?;
    let settings = first::<SettingsRow>(tx, user_id).await?.unwrap_or_default();
    sink.record(body, Some(&settings)).await?;
    let subscription = first::<SubscriptionRow>(tx, user_id).await?;
    sink.record(body, subscription.as_ref()).await?;
    sink.table::<InvoiceRow>(body, tx, user_id).await?;
    sink.table::<PaymentMethodRow>(body, tx, user_id).await?;
    sink.table::<CallRow>(body, tx, user_id).await?;
    sink.table::<ChatRow>(body, tx, user_id).await?;
    sink.table::<ImageRow>(body, tx, user_id).await?;
    sink.table::<TokenUsageRow>(body, tx, user_id).await?;
    sink.table::<NotificationRow>(body, tx, user_id).await?;
    sink.table::<SessionRow>(body, tx, user_id).await?;
    sink.table::<SupportTicketRow>(body, tx, user_id).await?;
    sink.files(body, tx, user_id, profile).await?;
    sink.finish(body).await
}

/// The first of the user's rows of a one-row section.
async fn first<T: ExportRow>(tx: &mut Tx, user_id: &str) -> Result<Option<T>, AppError> {
    Ok(db::export::rows::<T>(tx, user_id).try_next().await?)
}

/// One of the two shapes an export takes.
trait Sink {
    async fn begin(&mut self, body: &mut Body, user_id: &str) -> Result<(), AppError>;
    /// A one-row section (profile, settings) or one that may be empty (subscription).
    async fn record<T: ExportRow>(
        &mut self,
        body: &mut Body,
        row: Option<&T>,
    ) -> Result<(), AppError>;
    /// A table of the user's rows, streamed from the snapshot.
    async fn table<T: ExportRow>(
        &mut self,
        body: &mut Body,
        tx: &mut Tx,
        user_id: &str,
    ) -> Result<(), AppError>;
    /// The files behind the rows: the avatar and the images.
    async fn files(
        &mut self,
        body: &mut Body,
        tx: &mut Tx,
        user_id: &str,
        profile: &ProfileRow,
    ) -> Result<(), AppError>;
    async fn finish(self, body: &mut Body) -> Result<(), AppError>;
}

/// A row as JSON. Text columns that hold JSON (`ExportRow::JSON_COLUMNS`) are embedded as JSON values.
fn write_json<T: ExportRow>(out: &mut Vec<u8>, row: &T) -> Result<(), AppError> {
    if T::JSON_COLUMNS.is_empty() {
        return serde_json::to_writer(out, row).map_err(failed);
    }
    serde_json::to_writer(out, &json_value(row)?).map_err(failed)
}

fn json_value<T: ExportRow>(row: &T) -> Result<serde_json::Value, AppError> {
    let mut value = serde_json::to_value(row).map_err(failed)?;
    for column in T::JSON_COLUMNS {
        if let Some(field) = value.get_mut(*column) {
            let parsed = field.as_str().and_then(|t| serde_json::from_str(t).ok());
            if let Some(parsed) = parsed {
                *field = parsed;
            }
        }
    }
    Ok(value)
}

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("export: {e}"))
}
