//! Queries on `security_events`: the user's own security history (sign-ins, password and 2FA changes,
//! ended sessions), newest first.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
}

pub async fn insert(db: &Db, e: &EventRow) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO security_events (id, user_id, kind, ip, user_agent, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&e.id)
    .bind(&e.user_id)
    .bind(&e.kind)
    .bind(&e.ip)
    .bind(&e.user_agent)
    .bind(e.created_at)
    .execute(pool)
    .await
    .map(|_| ()))
}

pub async fn count(db: &Db, user_id: &str) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM security_events WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await)
}

pub async fn page(
    db: &Db,
    user_id: &str,
    offset: i64,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, user_id, kind, ip, user_agent, created_at FROM security_events WHERE user_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
    )
    .bind(user_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await)
}
