//! Queries on `outbox`: mail written with the change that causes it, claimed and delivered by the mail worker.
//!
//! A worker claims due messages by moving their `next_attempt_at` past a lease in one statement, then sends
//! outside any transaction (an SMTP exchange must not hold SQLite's write lock or a PostgreSQL row lock). On
//! PostgreSQL `FOR UPDATE SKIP LOCKED` lets several nodes claim at once without taking each other's rows; on
//! SQLite the single statement is atomic under its one writer. A node that dies after claiming leaves the
//! message to be claimed again when the lease lapses: mail is delivered at least once, never lost.

use super::{on_pool, on_tx, Db, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: String,
    pub user_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

const COLUMNS: &str =
    "id, user_id, recipient, subject, body, state, attempts, next_attempt_at, last_error, \
                       created_at, sent_at";

/// Queues a message in the caller's transaction.
pub async fn insert(
    tx: &mut Tx,
    user_id: Option<&str>,
    recipient: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO outbox (id, user_id, recipient, subject, body, state, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6)",
    )
    .bind(super::new_id())
    .bind(user_id)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Claims up to `limit` due messages until `lease_until`; each claim counts as an attempt.
pub async fn claim(
    db: &Db,
    limit: i64,
    now: i64,
    lease_until: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let lock = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $2
                      ORDER BY next_attempt_at LIMIT $3 {lock})
         RETURNING {COLUMNS}"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(lease_until).bind(now).bind(limit).fetch_all(pool).await)
}

/// Records the outcome of a claimed message: `sent` or `dev` (kept, SMTP not configured).
pub async fn finish(db: &Db, id: &str, state: &str, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE outbox SET state = $1, sent_at = $2, last_error = NULL WHERE id = $3 AND state = 'pending'",
    )
    .bind(state)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// A failed attempt: retried at `retry_at`, or given up (`failed`) when `retry_at` is None.
pub async fn failed_attempt(
    db: &Db,
    id: &str,
    error: &str,
    retry_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE outbox SET last_error = $1,
                state = CASE WHEN $2 IS NULL THEN 'failed' ELSE state END,
                next_attempt_at = COALESCE($2, next_attempt_at)
         WHERE id = $3 AND state = 'pending'",
    )
    .bind(error)
    .bind(retry_at)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The newest messages, optionally only those to `recipient` (for `dashboard outbox` and tests).
pub async fn recent(
    db: &Db,
    recipient: Option<&str>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE ($1 IS NULL OR recipient = $1)
         ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(recipient).bind(limit).fetch_all(pool).await)
}
