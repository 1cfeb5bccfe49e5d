//! Storage: one data-access layer over SQLite (the embedded default) and PostgreSQL.
//!
//! `Db` holds the concrete pool; `on_pool!` runs one query body against whichever it is, compiled once per
//! driver, so each query is written once and still decoded by the native driver (no `Any` row copies).
//! The schema uses types both dialects share — TEXT ids (UUIDs), BIGINT epoch-milliseconds, BOOLEAN — so the
//! SQL stays the same; a per-dialect statement appears only where the dialects truly differ.

pub mod activity;
pub mod activity_reads;
pub mod analytics;
pub mod api_keys;
pub mod avatars;
pub mod billing;
pub mod bulk;
pub mod calls;
pub mod dashboard;
pub mod day_rollups;
pub mod email_tokens;
pub mod export;
pub mod freshness;
pub mod notifications;
pub mod onboarding;
pub mod ops;
pub mod outbox;
pub mod packed;
pub mod security_events;
pub mod sessions;
pub mod settings;
pub mod stats;
pub mod support;
pub mod throttle;
pub mod two_factor;
pub mod users;

use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
    },
};
use std::{str::FromStr, time::Duration};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite($pool) => $body,
            $crate::server::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// A transaction on either database; `on_tx!` gives its body a `&mut` connection.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::server::db::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::server::db::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

/// How every SQLite connection is opened; the folder of the file is created when missing.
fn sqlite_options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        // WAL lets readers run beside the single writer; NORMAL sync is durable in WAL mode
        // except for the last transactions on power loss, the usual trade for a local store.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // SQLite has one writer at a time; the others wait here for the lock. Five seconds was too
        // short under overload (measured: 32 clients ingesting batches of 100 on a busy 2-core
        // machine got "database is locked" 500s); a write that waits is better than one that fails.
        .busy_timeout(Duration::from_secs(30));
    if let Some(parent) = options.get_filename().parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(options)
}

impl Db {
    /// Opens the pool named by `url`: `sqlite:` (file and folder created when missing) or `postgres:`.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(sqlite_options(url)?)
                .await?;
            Ok(Db::Sqlite(pool))
        } else {
            Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            ))
        }
    }

    /// A connection for `seed-bulk` alone, which writes millions of rows it generated consistent itself. On
    /// SQLite it skips the foreign-key lookups (two per call) and keeps a 256 MB page cache, so the indexes
    /// being appended to stay in memory; durability is unchanged. PostgreSQL gets an ordinary pool.
    pub async fn connect_bulk_loader(url: &str) -> Result<Self, sqlx::Error> {
        if !url.starts_with("sqlite:") {
            return Self::connect(url).await;
        }
        let options = sqlite_options(url)?
            .foreign_keys(false)
            .pragma("cache_size", "-262144");
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
    }

    /// Starts a transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a deferred
    /// transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT when another writer committed in
    /// between, which no busy timeout can cure; an immediate one simply waits its turn.
    ///
    /// The SQLite begin runs in a task of its own, so that a request dropped half-way (a client that hangs up)
    /// cannot cut it short. With a custom BEGIN, sqlx 0.8 awaits the connection once more after SQLite ran it,
    /// to check that a transaction is open; a future dropped at that point never makes the `Transaction` whose
    /// drop would roll back, and the connection went back to the pool inside a transaction that held the write
    /// lock. Measured: 32 clients ingesting batches, cut off at the end of a wrk run, left every other writer
    /// waiting for the lock and every later begin on that connection failing ("non-zero transaction depth").
    /// A spawned task runs to the end; if nobody awaits it any more, its `Transaction` is dropped and rolls back.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => {
                let pool = pool.clone();
                let begin = tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await });
                Tx::Sqlite(
                    begin
                        .await
                        .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))??,
                )
            }
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

/// Now, in epoch milliseconds: the one clock every stored timestamp comes from.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}

/// An epoch-milliseconds timestamp as RFC 3339 in UTC, the form every API response uses.
pub fn rfc3339(ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A new id: a UUIDv7, whose leading timestamp makes ids of new rows sort after older ones, so primary-key
/// inserts append to the index instead of landing at random pages (and stay unguessable: 74 random bits).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
