//! Queries on `support_tickets`.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TicketRow {
    pub id: String,
    pub user_id: String,
    pub number: String,
    pub category: String,
    pub subject: String,
    pub message: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn insert(db: &Db, t: &TicketRow) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO support_tickets (id, user_id, number, category, subject, message, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&t.id)
    .bind(&t.user_id)
    .bind(&t.number)
    .bind(&t.category)
    .bind(&t.subject)
    .bind(&t.message)
    .bind(&t.status)
    .bind(t.created_at)
    .bind(t.updated_at)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The user's tickets, the newest first, at most `limit`.
pub async fn list(db: &Db, user_id: &str, limit: i64) -> Result<Vec<TicketRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, user_id, number, category, subject, message, status, created_at, updated_at
         FROM support_tickets WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await)
}

/// How many tickets the user opened since `since` (epoch ms): the flood limit.
pub async fn count_since(db: &Db, user_id: &str, since: i64) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM support_tickets WHERE user_id = $1 AND created_at >= $2",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(pool)
    .await)
}
