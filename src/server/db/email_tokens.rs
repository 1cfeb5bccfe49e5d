//! Queries on `email_tokens` (the links sent by mail), and the account writes that consuming one makes, all
//! inside the caller's transaction so a link is spent exactly when its effect commits.

use super::{on_pool, on_tx, Db, Tx};

pub const VERIFY_EMAIL: &str = "verify_email";
pub const PASSWORD_RESET: &str = "password_reset";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub token_hash: String,
    pub user_id: String,
    pub purpose: String,
    pub email: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Stores a new token and retires the user's earlier unused ones of the same purpose: only the latest link
/// works, so a resent mail makes the older ones harmless.
pub async fn replace(tx: &mut Tx, t: &TokenRow) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(t.created_at)
        .bind(&t.user_id)
        .bind(&t.purpose)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO email_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&t.token_hash)
        .bind(&t.user_id)
        .bind(&t.purpose)
        .bind(&t.email)
        .bind(t.created_at)
        .bind(t.expires_at)
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })
}

pub async fn find(
    db: &Db,
    token_hash: &str,
    purpose: &str,
) -> Result<Option<TokenRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT token_hash, user_id, purpose, email, created_at, expires_at, used_at
         FROM email_tokens WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(pool)
    .await)
}

/// Spends the token if it is still unused and unexpired; false when another request spent it first.
pub async fn consume(tx: &mut Tx, token_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut *conn)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Marks the account's current address verified, if it is still `email`.
pub async fn mark_verified(
    tx: &mut Tx,
    user_id: &str,
    email: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1), updated_at = $1
         WHERE id = $2 AND email = $3",
    )
    .bind(now)
    .bind(user_id)
    .bind(email)
    .execute(&mut *conn)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Makes the pending address the account's address, verified — only if `email` is still the one pending.
pub async fn apply_pending_email(
    tx: &mut Tx,
    user_id: &str,
    email: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE users SET email = pending_email, pending_email = NULL, email_verified_at = $1, updated_at = $1
         WHERE id = $2 AND pending_email = $3",
    )
    .bind(now)
    .bind(user_id)
    .bind(email)
    .execute(&mut *conn)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Ends every active session of the user in the caller's transaction; returns their ids (for the caches).
pub async fn revoke_all_sessions(
    tx: &mut Tx,
    user_id: &str,
    now: i64,
) -> Result<Vec<String>, sqlx::Error> {
    on_tx!(tx, conn => {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        Ok(ids)
    })
}

/// The accounts (id, first name) waiting to change their address to `email`.
pub async fn users_changing_to(db: &Db, email: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, first_name FROM users WHERE pending_email = $1 ORDER BY id LIMIT 5",
    )
    .bind(email)
    .fetch_all(pool)
    .await)
}
