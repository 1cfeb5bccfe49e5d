//! The ZIP form of the export.

use super::{
    body::Body, body::Pending, body::CHUNK, deflater::Deflater, failed, json_value, write_json,
    Sink,
};
use crate::server::{
    db::{self, export::ExportRow, export::ProfileRow, Tx},
    AppError,
};
use futures::TryStreamExt;
use std::io::Write;
use zip::{write::SimpleFileOptions, CompressionMethod};

/// The archive: for each section a CSV file and a JSON file (`.json` for one record, JSON Lines for tables),
/// the image files under `images/`, and a README that says what is where.
pub struct ZipSink {
    zip: Deflater,
    options: SimpleFileOptions,
    line: Vec<u8>,
}

impl ZipSink {
    pub fn new(pending: Pending) -> Self {
        Self {
            zip: Deflater::spawn(pending),
            options: SimpleFileOptions::default().unix_permissions(0o644),
            line: Vec::new(),
        }
    }

    /// Begins the next entry: deflated for text, stored for images (already compressed).
    ///
    /// Deflate at level 1: with the rows read in packed pages, compression was most of an export's time
    /// (a million calls and a million token events, 595 MB of CSV and JSON Lines, took 19 s at the default
    /// level 6). Level 1 is several times faster and makes the archive about a third larger, which costs
    /// the client less time than the wait did.
    async fn start(&mut self, name: &str, deflate: bool) -> Result<(), AppError> {
        let options = if deflate {
            self.options
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1))
        } else {
            self.options.compression_method(CompressionMethod::Stored)
        };
        self.zip.start(name, options).await
    }

    /// Hands what was written to the deflater once there is a chunk of it, and what it made to the client.
    async fn pass(&mut self, body: &mut Body) -> Result<(), AppError> {
        self.zip.hand_over(CHUNK).await?;
        body.send(CHUNK).await
    }

    async fn file(&mut self, body: &mut Body, name: &str, bytes: &[u8]) -> Result<(), AppError> {
        self.start(name, false).await?;
        for piece in bytes.chunks(CHUNK) {
            self.zip.write_all(piece).map_err(failed)?;
            self.pass(body).await?;
        }
        Ok(())
    }
}

impl Sink for ZipSink {
    async fn begin(&mut self, body: &mut Body, _user_id: &str) -> Result<(), AppError> {
        self.start("README.txt", true).await?;
        let readme = README.replace("{exported_at}", &db::rfc3339(db::now_ms()));
        self.zip.write_all(readme.as_bytes()).map_err(failed)?;
        self.pass(body).await
    }

    async fn record<T: ExportRow>(
        &mut self,
        body: &mut Body,
        row: Option<&T>,
    ) -> Result<(), AppError> {
        self.start(&format!("{}.json", T::NAME), true).await?;
        match row {
            Some(row) if T::JSON_COLUMNS.is_empty() => {
                serde_json::to_writer_pretty(&mut self.zip, row)
            }
            Some(row) => serde_json::to_writer_pretty(&mut self.zip, &json_value(row)?),
            None => serde_json::to_writer_pretty(&mut self.zip, &serde_json::Value::Null),
        }
        .map_err(failed)?;
        self.start(&format!("{}.csv", T::NAME), true).await?;
        self.zip.write_all(&csv_header::<T>()?).map_err(failed)?;
        let mut csv = csv_writer(&mut self.zip);
        if let Some(row) = row {
            csv.serialize(row).map_err(failed)?;
        }
        csv.flush().map_err(failed)?;
        drop(csv);
        self.pass(body).await
    }

    async fn table<T: ExportRow>(
        &mut self,
        body: &mut Body,
        tx: &mut Tx,
        user_id: &str,
    ) -> Result<(), AppError> {
        // An entry of a streamed ZIP must be finished before the next begins, so the table is read twice.
        self.start(&format!("{}.csv", T::NAME), true).await?;
        self.zip.write_all(&csv_header::<T>()?).map_err(failed)?;
        let mut rows = db::export::rows::<T>(tx, user_id);
        while let Some(row) = rows.try_next().await? {
            // A writer per row: it borrows the deflater, which must be free for the hand-over between rows.
            // Flushed, it holds no state (with no header to write), and a row-sized buffer costs little.
            let mut csv = csv_writer(&mut self.zip);
            csv.serialize(&row).map_err(failed)?;
            csv.flush().map_err(failed)?;
            drop(csv);
            self.pass(body).await?;
        }
        drop(rows);
        self.start(&format!("{}.jsonl", T::NAME), true).await?;
        let mut rows = db::export::rows::<T>(tx, user_id);
        while let Some(row) = rows.try_next().await? {
            self.line.clear();
            write_json(&mut self.line, &row)?;
            self.line.push(b'\n');
            self.zip.write_all(&self.line).map_err(failed)?;
            self.pass(body).await?;
        }
        Ok(())
    }

    async fn files(
        &mut self,
        body: &mut Body,
        tx: &mut Tx,
        user_id: &str,
        profile: &ProfileRow,
    ) -> Result<(), AppError> {
        if let Some(key) = &profile.avatar_key {
            if let Some(avatar) = db::export::blob(tx, key).await? {
                let name = match avatar.content_type.as_str() {
                    "image/jpeg" => "avatar.jpg",
                    _ => "avatar.png",
                };
                self.file(body, name, &avatar.bytes).await?;
            }
        }
        let mut after = (i64::MIN, String::new());
        while let Some(image) =
            db::export::next_image_file(tx, user_id, (after.0, &after.1)).await?
        {
            self.file(body, &image.file, &image.bytes).await?;
            after = (image.created_at, image.id);
        }
        Ok(())
    }

    async fn finish(self, body: &mut Body) -> Result<(), AppError> {
        self.zip.finish().await?;
        body.send(1).await
    }
}

const README: &str = "\
Everything the dashboard holds about you, exported at {exported_at}.

profile.json, profile.csv            your account (email, name, phone, avatar; never your password)
settings.json, settings.csv          your settings and dashboard preferences
subscription.json, subscription.csv  your plan (null, and a header only, without one)
<section>.csv, <section>.jsonl       invoices, payment_methods, calls, chats, images, token_usage,
                                     notifications, sessions (sign-ins) and support_tickets; JSON
                                     Lines is one JSON object per line
images/                              the images themselves; the `file` column of images.csv names each
avatar.jpg or avatar.png             your profile picture, if you set one

Times are RFC 3339, in UTC. Amounts are in minor units of their currency (cents).
Of a payment card only the brand, the last four digits and the expiry date are kept at all.
";

/// The CSV header line of `T`. The csv crate names columns only while serialising a first record, and an
/// empty table has none, so the names are taken from a default record.
fn csv_header<T: ExportRow>() -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.serialize(T::default()).map_err(failed)?;
    let bytes = writer.into_inner().map_err(failed)?;
    let end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    Ok(bytes[..end].to_vec())
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .buffer_capacity(1024)
        .from_writer(out)
}
