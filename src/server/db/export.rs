//! Reads for the data export (`services::export`): one row type per section, each read as a stream of the
//! user's rows inside one read-only snapshot.
//!
//! The row types serialise straight into the export's JSON and CSV, so what they select is what the user
//! receives: timestamps as RFC 3339 UTC, money in minor units as stored, and nothing secret — no password
//! hash, no session secrets, and of a card only what `payment_methods` holds at all (brand, last four, expiry).

use super::{on_tx, packed, rfc3339, Db, Tx};
use futures::{future::BoxFuture, stream::BoxStream, FutureExt, StreamExt, TryStreamExt};
use serde::{de::DeserializeOwned, Deserialize, Serialize, Serializer};
use sqlx::{postgres::PgRow, sqlite::SqliteRow, FromRow};
use std::{sync::Arc, task::Poll};

/// A section of the export that is a table of the user's rows.
pub trait ExportRow:
    Serialize
    + DeserializeOwned
    + Default
    + Send
    + Unpin
    + 'static
    + for<'r> FromRow<'r, SqliteRow>
    + for<'r> FromRow<'r, PgRow>
{
    /// The file stem in the ZIP and the key in the JSON document.
    const NAME: &'static str;
    /// How the user's rows are read, oldest first. Each table has an index led by `user_id`.
    const READ: Read<Self>;
    /// Text columns that hold JSON: the JSON forms embed them as JSON rather than as a string.
    const JSON_COLUMNS: &'static [&'static str] = &[];
}

/// How a section is read.
pub enum Read<T: 'static> {
    /// One query streamed row by row, with `$1` the user's id: the sections of a few rows.
    Query(&'static str),
    /// Sections that grow with use (a million calls): pages in keyset order, each packed into one JSON row
    /// (`db::packed`), which made reading them several times faster than one row at a time.
    Pages(Pages<T>),
}

pub struct Pages<T: 'static> {
    /// The selected columns, in field order.
    pub columns: &'static str,
    /// `FROM … WHERE …`, with `$1` the user's id.
    pub from: &'static str,
    /// The order: a BIGINT time column, then the id column that breaks its ties.
    pub order: (&'static str, &'static str),
    /// A row's place in that order.
    pub position: for<'r> fn(&'r T) -> (i64, &'r str),
}

/// Rows per page of a `Read::Pages` section: a few hundred kilobytes of JSON.
const PAGE_ROWS: i64 = 2000;

impl<T> Pages<T> {
    /// The page after `($2, $3)` in the order, `$4` rows at most. Written as a range on the time plus a
    /// tie-break rather than one OR, so that both databases seek the index (see `db::calls`).
    fn sql(&self, postgres: bool) -> String {
        let (time, id) = self.order;
        let rest = format!(
            "{} AND {time} >= $2 AND ({time} > $2 OR {id} > $3) ORDER BY {time}, {id} LIMIT $4",
            self.from
        );
        packed::sql(postgres, self.columns, &rest)
    }
}

/// A read-only transaction over one snapshot: the sections are read one after another (and the ZIP reads
/// each table twice, for CSV and JSON Lines), and they must agree with each other even while new calls
/// arrive. On SQLite a deferred transaction takes its snapshot at the first read and, in WAL mode, blocks no
/// writer; `Db::begin` would take the write lock instead.
pub async fn snapshot(db: &Db) -> Result<Tx, sqlx::Error> {
    Ok(match db {
        Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
        Db::Postgres(pool) => Tx::Postgres(
            pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await?,
        ),
    })
}

/// The user's rows of `T`, as they come from the database: nothing is collected beyond one page.
pub fn rows<'a, T: ExportRow>(
    tx: &'a mut Tx,
    user_id: &'a str,
) -> BoxStream<'a, Result<T, sqlx::Error>> {
    match &T::READ {
        Read::Query(sql) => {
            on_tx!(tx, conn => sqlx::query_as::<_, T>(sql).bind(user_id).fetch(conn))
        }
        Read::Pages(pages) => paged(tx, user_id, pages),
    }
}

fn paged<'a, T: ExportRow>(
    tx: &'a mut Tx,
    user_id: &'a str,
    pages: &'static Pages<T>,
) -> BoxStream<'a, Result<T, sqlx::Error>> {
    let sql: Arc<str> = pages.sql(matches!(tx, Tx::Postgres(_))).into();
    let first = Next::Pending(fetch(tx, sql.clone(), user_id, (i64::MIN, String::new())));
    futures::stream::try_unfold(Some(first), move |next| {
        let sql = sql.clone();
        async move {
            let Some(next) = next else {
                return Ok::<_, sqlx::Error>(None);
            };
            let (tx, json) = next.finish().await;
            let mut page: Vec<T> = packed::unpack(&json?)?;
            page.sort_by(|a, b| (pages.position)(a).cmp(&(pages.position)(b)));
            let after = match page.last() {
                Some(last) if page.len() as i64 == PAGE_ROWS => {
                    let (at, id) = (pages.position)(last);
                    Some((at, id.to_owned()))
                }
                _ => None,
            };
            // Asked for now, so the database builds the next page while this one is written out (the
            // export's two halves then share the two cores instead of taking turns).
            let next = match after {
                Some(after) => Some(Next::start(fetch(tx, sql, user_id, after)).await),
                None => None,
            };
            let rows = futures::stream::iter(page.into_iter().map(Ok));
            Ok(Some((rows, next)))
        }
    })
    .try_flatten()
    .boxed()
}

/// One packed page after `after`, handing the transaction back with it.
type Fetch<'a> = BoxFuture<'a, (&'a mut Tx, Result<String, sqlx::Error>)>;

fn fetch<'a>(tx: &'a mut Tx, sql: Arc<str>, user_id: &'a str, after: (i64, String)) -> Fetch<'a> {
    async move {
        let json = on_tx!(&mut *tx, conn => sqlx::query_scalar(&sql)
            .bind(user_id)
            .bind(after.0)
            .bind(after.1)
            .bind(PAGE_ROWS)
            .fetch_one(&mut *conn)
            .await);
        (tx, json)
    }
    .boxed()
}

/// A page asked for: polled once on being asked, which sends the query (SQLite's worker thread, or the
/// PostgreSQL server, then runs it without further polling), and awaited when its rows are wanted.
enum Next<'a> {
    Pending(Fetch<'a>),
    Done((&'a mut Tx, Result<String, sqlx::Error>)),
}

impl<'a> Next<'a> {
    async fn start(mut fetch: Fetch<'a>) -> Self {
        match futures::poll!(&mut fetch) {
            Poll::Ready(done) => Next::Done(done),
            Poll::Pending => Next::Pending(fetch),
        }
    }

    async fn finish(self) -> (&'a mut Tx, Result<String, sqlx::Error>) {
        match self {
            Next::Pending(fetch) => fetch.await,
            Next::Done(done) => done,
        }
    }
}

/// The path of an image inside the ZIP, `images/<id>.<ext>`: one expression for the metadata row and the file.
macro_rules! image_file {
    () => {
        "'images/' || i.id || CASE b.content_type WHEN 'image/jpeg' THEN '.jpg' ELSE '.png' END"
    };
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct ProfileRow {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    #[serde(rename = "avatar", serialize_with = "media_url")]
    pub avatar_key: Option<String>,
    #[serde(serialize_with = "maybe_time")]
    pub email_verified_at: Option<i64>,
    pub pending_email: Option<String>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
    #[serde(serialize_with = "time")]
    pub updated_at: i64,
}

impl ExportRow for ProfileRow {
    const NAME: &'static str = "profile";
    const READ: Read<Self> = Read::Query(
        "SELECT id, email, first_name, last_name, phone, avatar_key, email_verified_at,
        pending_email, created_at, updated_at FROM users WHERE id = $1",
    );
}

/// Settings and preferences. A user who never changed one has no row, and gets `Default`: the column
/// defaults of the schema (a test checks the two agree).
#[derive(Debug, Serialize, Deserialize, sqlx::FromRow)]
pub struct SettingsRow {
    pub email_notifications: bool,
    pub sms_notifications: bool,
    pub marketing_emails: bool,
    pub profile_visibility: String,
    pub call_recording_consent: bool,
    pub auto_record_calls: bool,
    pub ai_assistance_enabled: bool,
    pub call_quality: String,
    pub theme: String,
    pub language: String,
    pub timezone: String,
    pub dashboard_layout: String,
    pub dashboard_widgets: String,
    #[serde(serialize_with = "maybe_time")]
    pub updated_at: Option<i64>,
}

impl Default for SettingsRow {
    fn default() -> Self {
        Self {
            email_notifications: true,
            sms_notifications: false,
            marketing_emails: false,
            profile_visibility: "private".into(),
            call_recording_consent: false,
            auto_record_calls: false,
            ai_assistance_enabled: true,
            call_quality: "standard".into(),
            theme: "auto".into(),
            language: "en".into(),
            timezone: "UTC".into(),
            dashboard_layout: "default".into(),
            dashboard_widgets: r#"["call_statistics","subscription_status","recent_calls","usage","recent_activity","notifications"]"#.into(),
            updated_at: None,
        }
    }
}

impl ExportRow for SettingsRow {
    const NAME: &'static str = "settings";
    const READ: Read<Self> = Read::Query("SELECT email_notifications, sms_notifications, marketing_emails,
        profile_visibility, call_recording_consent, auto_record_calls, ai_assistance_enabled, call_quality,
        theme, language, timezone, dashboard_layout, dashboard_widgets, updated_at
        FROM user_settings WHERE user_id = $1");
    const JSON_COLUMNS: &'static [&'static str] = &["dashboard_widgets"];
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub plan_code: String,
    pub plan_name: String,
    pub price_minor: i64,
    pub currency: String,
    pub billing_interval: String,
    pub status: String,
    #[serde(serialize_with = "time")]
    pub current_period_start: i64,
    #[serde(serialize_with = "time")]
    pub current_period_end: i64,
    pub cancel_at_period_end: bool,
    pub pending_plan_code: Option<String>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
}

impl ExportRow for SubscriptionRow {
    const NAME: &'static str = "subscription";
    const READ: Read<Self> = Read::Query("SELECT p.code AS plan_code, p.name AS plan_name, p.price_minor, p.currency,
        p.billing_interval, s.status, s.current_period_start, s.current_period_end, s.cancel_at_period_end,
        pp.code AS pending_plan_code, s.created_at
        FROM subscriptions s JOIN plans p ON p.id = s.plan_id LEFT JOIN plans pp ON pp.id = s.pending_plan_id
        WHERE s.user_id = $1");
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct InvoiceRow {
    pub number: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    #[serde(serialize_with = "time")]
    pub period_start: i64,
    #[serde(serialize_with = "time")]
    pub period_end: i64,
    pub line_items: String,
    #[serde(serialize_with = "time")]
    pub issued_at: i64,
}

impl ExportRow for InvoiceRow {
    const NAME: &'static str = "invoices";
    const READ: Read<Self> = Read::Query(
        "SELECT number, amount_minor, currency, status, period_start, period_end,
        line_items, issued_at FROM invoices WHERE user_id = $1 ORDER BY issued_at, id",
    );
    const JSON_COLUMNS: &'static [&'static str] = &["line_items"];
}

/// A card as the export shows it: brand, last four digits and expiry, nothing else.
#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct PaymentMethodRow {
    pub brand: String,
    pub last4: String,
    pub exp_month: i32,
    pub exp_year: i32,
}

impl ExportRow for PaymentMethodRow {
    const NAME: &'static str = "payment_methods";
    const READ: Read<Self> = Read::Query(
        "SELECT brand, last4, exp_month, exp_year FROM payment_methods
        WHERE user_id = $1 ORDER BY created_at, id",
    );
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct CallRow {
    pub id: String,
    pub phone_number: String,
    pub direction: String,
    pub status: String,
    #[serde(serialize_with = "time")]
    pub started_at: i64,
    pub duration_seconds: i64,
    pub agent: Option<String>,
    pub satisfaction_rating: Option<i32>,
    pub recording_url: Option<String>,
    pub summary: Option<String>,
}

impl ExportRow for CallRow {
    const NAME: &'static str = "calls";
    const READ: Read<Self> = Read::Pages(Pages {
        columns:
            "c.id, c.phone_number, c.direction, c.status, c.started_at, c.duration_seconds, a.name,
            c.satisfaction_rating, c.recording_url, c.summary",
        from: "FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.user_id = $1",
        order: ("c.started_at", "c.id"),
        position: |row| (row.started_at, &row.id),
    });
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct ChatRow {
    pub id: String,
    pub title: String,
    pub model: Option<String>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
}

impl ExportRow for ChatRow {
    const NAME: &'static str = "chats";
    const READ: Read<Self> = Read::Pages(Pages {
        columns: "id, title, model, created_at",
        from: "FROM chat_sessions WHERE user_id = $1",
        order: ("created_at", "id"),
        position: |row| (row.created_at, &row.id),
    });
}

/// An image's metadata; `file` is where the ZIP holds the image itself.
#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct ImageRow {
    pub id: String,
    pub prompt: String,
    pub model: Option<String>,
    pub width: i32,
    pub height: i32,
    pub content_type: String,
    pub file: String,
    #[serde(rename = "url", serialize_with = "media_url")]
    pub image_key: Option<String>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
}

impl ExportRow for ImageRow {
    const NAME: &'static str = "images";
    const READ: Read<Self> = Read::Query(concat!(
        "SELECT i.id, i.prompt, i.model, i.width, i.height, b.content_type, ",
        image_file!(),
        " AS file, i.image_key, i.created_at
        FROM images i JOIN blobs b ON b.key = i.image_key
        WHERE i.user_id = $1 ORDER BY i.created_at, i.id"
    ));
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct TokenUsageRow {
    pub id: String,
    pub model: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    #[serde(serialize_with = "time")]
    pub occurred_at: i64,
}

impl ExportRow for TokenUsageRow {
    const NAME: &'static str = "token_usage";
    const READ: Read<Self> = Read::Pages(Pages {
        columns: "id, model, prompt_tokens, completion_tokens, occurred_at",
        from: "FROM token_usage WHERE user_id = $1",
        order: ("occurred_at", "id"),
        position: |row| (row.occurred_at, &row.id),
    });
}

#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub urgent: bool,
    #[serde(serialize_with = "maybe_time")]
    pub read_at: Option<i64>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
}

impl ExportRow for NotificationRow {
    const NAME: &'static str = "notifications";
    const READ: Read<Self> = Read::Query(
        "SELECT id, kind, title, body, urgent, read_at, created_at
        FROM notifications WHERE user_id = $1 ORDER BY created_at, id",
    );
}

/// Sign-ins: the devices and IP addresses the account was used from are personal data too. Ids and secret
/// hashes stay out.
#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct SessionRow {
    pub kind: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
    #[serde(serialize_with = "time")]
    pub last_seen_at: i64,
    #[serde(serialize_with = "time")]
    pub expires_at: i64,
    #[serde(serialize_with = "maybe_time")]
    pub revoked_at: Option<i64>,
}

impl ExportRow for SessionRow {
    const NAME: &'static str = "sessions";
    const READ: Read<Self> = Read::Query(
        "SELECT kind, user_agent, ip, created_at, last_seen_at, expires_at, revoked_at
        FROM sessions WHERE user_id = $1 ORDER BY created_at, id",
    );
}

/// What the user asked the support team.
#[derive(Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct SupportTicketRow {
    pub number: String,
    pub category: String,
    pub subject: String,
    pub message: String,
    pub status: String,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
    #[serde(serialize_with = "time")]
    pub updated_at: i64,
}

impl ExportRow for SupportTicketRow {
    const NAME: &'static str = "support_tickets";
    const READ: Read<Self> = Read::Query(
        "SELECT number, category, subject, message, status, created_at, updated_at
        FROM support_tickets WHERE user_id = $1 ORDER BY created_at, id",
    );
}

/// One image file of the export, with the position to continue after.
#[derive(Debug, sqlx::FromRow)]
pub struct ImageFile {
    pub id: String,
    pub created_at: i64,
    pub file: String,
    pub bytes: Vec<u8>,
}

/// The user's next image file after `(created_at, id)`, in the order of `ImageRow`. Images are read one per
/// query rather than as a stream: a row carries up to 5 MB, and a driver reading ahead (SQLite's worker
/// buffers rows for the stream) would hold many of them at once.
pub async fn next_image_file(
    tx: &mut Tx,
    user_id: &str,
    after: (i64, &str),
) -> Result<Option<ImageFile>, sqlx::Error> {
    const SQL: &str = concat!(
        "SELECT i.id, i.created_at, ",
        image_file!(),
        " AS file, b.bytes
        FROM images i JOIN blobs b ON b.key = i.image_key
        WHERE i.user_id = $1 AND (i.created_at > $2 OR (i.created_at = $2 AND i.id > $3))
        ORDER BY i.created_at, i.id LIMIT 1"
    );
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(user_id)
        .bind(after.0)
        .bind(after.1)
        .fetch_optional(&mut *conn)
        .await)
}

/// A stored blob, read inside the snapshot (the avatar file of the export).
pub async fn blob(tx: &mut Tx, key: &str) -> Result<Option<super::activity::Blob>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_as("SELECT content_type, bytes FROM blobs WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await)
}

fn time<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*ms))
}

fn maybe_time<S: Serializer>(ms: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => s.serialize_some(&rfc3339(*ms)),
        None => s.serialize_none(),
    }
}

/// A blob key as the URL that serves it.
fn media_url<S: Serializer>(key: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match key {
        Some(key) => s.serialize_some(&crate::server::rest::media::url(key)),
        None => s.serialize_none(),
    }
}
