//! The one-document JSON form of the export (`?format=json`).

use super::{body::Body, body::CHUNK, failed, write_json, Sink};
use crate::server::{
    db::{self, export::ExportRow, export::ProfileRow, Tx},
    AppError,
};
use futures::TryStreamExt;

/// The document: `{"format", "version", "exported_at", "user_id", "profile", "settings", "subscription",
/// "invoices": [...], ...}`, each table an array written row by row. Images appear as metadata with their
/// URL; the files themselves come only in the ZIP.
pub struct JsonSink;

#[derive(serde::Serialize)]
struct Head<'a> {
    format: &'static str,
    version: u32,
    exported_at: String,
    user_id: &'a str,
}

impl Sink for JsonSink {
    async fn begin(&mut self, body: &mut Body, user_id: &str) -> Result<(), AppError> {
        let head = Head {
            format: "dashboard-export",
            version: 1,
            exported_at: db::rfc3339(db::now_ms()),
            user_id,
        };
        let mut out = serde_json::to_vec(&head).map_err(failed)?;
        // Leave the object open: the sections follow as further members.
        out.pop();
        body.write(&out);
        body.send(CHUNK).await
    }

    async fn record<T: ExportRow>(
        &mut self,
        body: &mut Body,
        row: Option<&T>,
    ) -> Result<(), AppError> {
        let mut out = format!(",\"{}\":", T::NAME).into_bytes();
        match row {
            Some(row) => write_json(&mut out, row)?,
            None => out.extend_from_slice(b"null"),
        }
        body.write(&out);
        body.send(CHUNK).await
    }

    async fn table<T: ExportRow>(
        &mut self,
        body: &mut Body,
        tx: &mut Tx,
        user_id: &str,
    ) -> Result<(), AppError> {
        body.write(format!(",\"{}\":[", T::NAME).as_bytes());
        let mut rows = db::export::rows::<T>(tx, user_id);
        let mut out = Vec::new();
        let mut first = true;
        while let Some(row) = rows.try_next().await? {
            out.clear();
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            write_json(&mut out, &row)?;
            body.write(&out);
            body.send(CHUNK).await?;
        }
        body.write(b"]");
        Ok(())
    }

    async fn files(
        &mut self,
        _: &mut Body,
        _: &mut Tx,
        _: &str,
        _: &ProfileRow,
    ) -> Result<(), AppError> {
        Ok(())
    }

    async fn finish(self, body: &mut Body) -> Result<(), AppError> {
        body.write(b"}\n");
        body.send(1).await
    }
}
