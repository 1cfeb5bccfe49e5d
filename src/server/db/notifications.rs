//! Queries on `notifications`.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub urgent: bool,
    pub read_at: Option<i64>,
    pub created_at: i64,
}

pub async fn list(
    db: &Db,
    user_id: &str,
    unread_only: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    let unread = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, kind, title, body, urgent, read_at, created_at FROM notifications
         WHERE user_id = $1{unread} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(user_id).bind(limit).bind(offset).fetch_all(pool).await)
}

pub async fn count(db: &Db, user_id: &str, unread_only: bool) -> Result<i64, sqlx::Error> {
    let unread = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    let sql = format!("SELECT COUNT(*) FROM notifications WHERE user_id = $1{unread}");
    on_pool!(db, pool => sqlx::query_scalar(&sql).bind(user_id).fetch_one(pool).await)
}

/// Marks one of the user's notifications read. `None` when the user has no such notification.
pub async fn mark_read(
    db: &Db,
    user_id: &str,
    id: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let exists: Option<String> = on_pool!(db, pool => sqlx::query_scalar("SELECT id FROM notifications WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
    if exists.is_none() {
        return Ok(None);
    }
    let updated = on_pool!(db, pool => sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(Some(updated as i64))
}

pub async fn mark_all_read(db: &Db, user_id: &str, now: i64) -> Result<i64, sqlx::Error> {
    let updated = on_pool!(db, pool => sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(updated as i64)
}

/// The user's unread urgent notifications, newest first (shown on top of the overview).
pub async fn urgent_unread(
    db: &Db,
    user_id: &str,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, kind, title, body, urgent, read_at, created_at FROM notifications
         WHERE user_id = $1 AND read_at IS NULL AND urgent ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await)
}
