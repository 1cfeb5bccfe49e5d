//! Writes of what the product's services report: calls, chats, images, token usage, notifications. Each is
//! written inside the caller's transaction together with its `stats_events` row (see `db::stats`).

use super::{on_tx, Tx};

#[derive(Debug, Clone)]
pub struct NewCall {
    pub id: String,
    pub user_id: String,
    pub phone_number: String,
    pub direction: String,
    pub status: String,
    pub started_at: i64,
    pub duration_seconds: i64,
    pub agent_id: Option<String>,
    pub satisfaction_rating: Option<i32>,
    pub recording_url: Option<String>,
    pub summary: Option<String>,
    pub created_at: i64,
}

pub async fn insert_call(tx: &mut Tx, c: &NewCall) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO calls (id, user_id, phone_number, direction, status, started_at, duration_seconds, agent_id,
                            satisfaction_rating, recording_url, summary, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&c.id)
    .bind(&c.user_id)
    .bind(&c.phone_number)
    .bind(&c.direction)
    .bind(&c.status)
    .bind(c.started_at)
    .bind(c.duration_seconds)
    .bind(&c.agent_id)
    .bind(c.satisfaction_rating)
    .bind(&c.recording_url)
    .bind(&c.summary)
    .bind(c.created_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// The id of the user's agent called `name`, created on first sight.
pub async fn agent_id(
    tx: &mut Tx,
    user_id: &str,
    name: &str,
    new_id: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("INSERT INTO agents (id, user_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, name) DO NOTHING")
            .bind(new_id)
            .bind(user_id)
            .bind(name)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        sqlx::query_scalar("SELECT id FROM agents WHERE user_id = $1 AND name = $2")
            .bind(user_id)
            .bind(name)
            .fetch_one(&mut *conn)
            .await
    })
}

pub async fn insert_chat(
    tx: &mut Tx,
    id: &str,
    user_id: &str,
    title: &str,
    model: Option<&str>,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("INSERT INTO chat_sessions (id, user_id, title, model, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(user_id)
        .bind(title)
        .bind(model)
        .bind(created_at)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

#[derive(Debug, Clone)]
pub struct NewTokenUsage {
    pub id: String,
    pub user_id: String,
    pub model: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub occurred_at: i64,
}

pub async fn insert_token_usage(tx: &mut Tx, u: &NewTokenUsage) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO token_usage (id, user_id, model, prompt_tokens, completion_tokens, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&u.id)
    .bind(&u.user_id)
    .bind(&u.model)
    .bind(u.prompt_tokens)
    .bind(u.completion_tokens)
    .bind(u.occurred_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone)]
pub struct NewNotification {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub urgent: bool,
    pub created_at: i64,
}

pub async fn insert_notification(tx: &mut Tx, n: &NewNotification) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO notifications (id, user_id, kind, title, body, urgent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&n.id)
    .bind(&n.user_id)
    .bind(&n.kind)
    .bind(&n.title)
    .bind(&n.body)
    .bind(n.urgent)
    .bind(n.created_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Stores `bytes` under its content hash `key`; storing the same bytes twice is a no-op.
pub async fn put_blob(
    tx: &mut Tx,
    key: &str,
    content_type: &str,
    bytes: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO blobs (key, content_type, bytes, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(content_type)
    .bind(bytes)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone)]
pub struct NewImage {
    pub id: String,
    pub user_id: String,
    pub prompt: String,
    pub model: Option<String>,
    pub image_key: String,
    pub thumbnail_key: String,
    pub width: i32,
    pub height: i32,
    pub created_at: i64,
}

pub async fn insert_image(tx: &mut Tx, i: &NewImage) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO images (id, user_id, prompt, model, image_key, thumbnail_key, width, height, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&i.id)
    .bind(&i.user_id)
    .bind(&i.prompt)
    .bind(&i.model)
    .bind(&i.image_key)
    .bind(&i.thumbnail_key)
    .bind(i.width)
    .bind(i.height)
    .bind(i.created_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Blob {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub async fn get_blob(db: &super::Db, key: &str) -> Result<Option<Blob>, sqlx::Error> {
    super::on_pool!(db, pool => sqlx::query_as("SELECT content_type, bytes FROM blobs WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await)
}

/// Deletes blobs that no image and no avatar refers to any more (after an account is deleted). Blobs are
/// content-addressed and may be shared, so only unreferenced ones can go.
pub async fn delete_orphan_blobs(db: &super::Db) -> Result<u64, sqlx::Error> {
    super::on_pool!(db, pool => sqlx::query(
        "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM images i WHERE i.image_key = blobs.key OR i.thumbnail_key = blobs.key)
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.avatar_key = blobs.key)",
    )
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
}
