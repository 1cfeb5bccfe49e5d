//! Queries on `api_keys` and `idempotency_keys`: the credentials of the product's own services.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn insert(
    db: &Db,
    id: &str,
    name: &str,
    prefix: &str,
    key_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO api_keys (id, name, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(name)
    .bind(prefix)
    .bind(key_hash)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
}

pub async fn find_active_by_hash(
    db: &Db,
    key_hash: &str,
) -> Result<Option<ApiKeyRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys
         WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(key_hash)
    .fetch_optional(pool)
    .await)
}

pub async fn list(db: &Db) -> Result<Vec<ApiKeyRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at",
    )
    .fetch_all(pool)
    .await)
}

pub async fn revoke(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))
}

pub async fn touch(db: &Db, id: &str, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub endpoint: String,
    pub response_status: i32,
    pub response_body: String,
}

pub async fn find_response(
    db: &Db,
    api_key_id: &str,
    key: &str,
) -> Result<Option<StoredResponse>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT endpoint, response_status, response_body FROM idempotency_keys
         WHERE api_key_id = $1 AND idempotency_key = $2",
    )
    .bind(api_key_id)
    .bind(key)
    .fetch_optional(pool)
    .await)
}
