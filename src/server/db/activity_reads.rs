//! Reads of the chat-and-image activity: the latest chats and images of a user.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChatRow {
    pub id: String,
    pub title: String,
    pub model: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImageRow {
    pub id: String,
    pub prompt: String,
    pub model: Option<String>,
    pub thumbnail_key: Option<String>,
    pub image_key: String,
    pub created_at: i64,
}

pub async fn recent_chats(db: &Db, user_id: &str, limit: i64) -> Result<Vec<ChatRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, title, model, created_at FROM chat_sessions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await)
}

pub async fn recent_images(
    db: &Db,
    user_id: &str,
    limit: i64,
) -> Result<Vec<ImageRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, prompt, model, thumbnail_key, image_key, created_at FROM images WHERE user_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await)
}
