//! Queries on `sessions` and `refresh_tokens`.
//!
//! A session is one signed-in device, whichever face it uses: REST clients hold a short-lived JWT naming the
//! session (`sid`) plus a rotating refresh token; browsers hold an opaque cookie whose secret's hash is kept
//! on the session row. Ending a session ends both kinds of credential at once.

use super::{on_pool, on_tx, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    /// `api` or `browser`.
    pub kind: String,
    pub secret_hash: Option<String>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

impl SessionRow {
    pub fn is_active(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshRow {
    pub id: String,
    pub session_id: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn insert(db: &Db, s: &SessionRow) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO sessions (id, user_id, kind, secret_hash, user_agent, ip, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&s.id)
    .bind(&s.user_id)
    .bind(&s.kind)
    .bind(&s.secret_hash)
    .bind(&s.user_agent)
    .bind(&s.ip)
    .bind(s.created_at)
    .bind(s.last_seen_at)
    .bind(s.expires_at)
    .execute(pool)
    .await
    .map(|_| ()))
}

pub async fn find(db: &Db, id: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, user_id, kind, secret_hash, user_agent, ip, created_at, last_seen_at, expires_at, revoked_at
         FROM sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await)
}

/// Records activity and slides the expiry forward (`expires_at` only ever grows).
pub async fn touch(db: &Db, id: &str, now: i64, expires_at: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET last_seen_at = $1, expires_at = CASE WHEN expires_at < $2 THEN $3 ELSE expires_at END
         WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(expires_at)
    .bind(expires_at)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))
}

pub async fn revoke(db: &Db, id: &str, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}

pub async fn insert_refresh(
    db: &Db,
    id: &str,
    session_id: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(session_id)
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await
    .map(|_| ()))
}

pub async fn find_refresh(db: &Db, token_hash: &str) -> Result<Option<RefreshRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, session_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await)
}

/// Marks `old` used and stores its successor, atomically. Returns false when `old` had already been used —
/// by a concurrent refresh or by a thief — in which case nothing is written.
pub async fn rotate_refresh(
    db: &Db,
    old_id: &str,
    new_id: &str,
    session_id: &str,
    new_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let claimed = on_tx!(&mut tx, conn => {
        let claimed = sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(old_id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1;
        if claimed {
            sqlx::query(
                "INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(new_id)
            .bind(session_id)
            .bind(new_hash)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *conn)
            .await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3")
                .bind(now)
                .bind(expires_at)
                .bind(session_id)
                .execute(&mut *conn)
                .await?;
        }
        claimed
    });
    tx.commit().await?;
    Ok(claimed)
}

/// Ends every active session of `user_id` except `keep`; returns the ids it ended.
pub async fn revoke_others(
    db: &Db,
    user_id: &str,
    keep: Option<&str>,
    now: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let ids: Vec<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND id <> $2",
    )
    .bind(user_id)
    .bind(keep.unwrap_or(""))
    .fetch_all(pool)
    .await)?;
    for id in &ids {
        revoke(db, id, now).await?;
    }
    Ok(ids)
}

/// Every session id of the user, active or not (to drop them from caches before the rows go).
pub async fn ids_of_user(db: &Db, user_id: &str) -> Result<Vec<String>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT id FROM sessions WHERE user_id = $1").bind(user_id).fetch_all(pool).await)
}

/// Replaces the refresh tokens of a session with one new token (after a password change).
pub async fn replace_refresh(
    db: &Db,
    session_id: &str,
    id: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    // Deleted rather than marked used: an old token presented later is merely unknown (401), not "reuse",
    // which would end the very session the password change kept.
    on_pool!(db, pool => sqlx::query("DELETE FROM refresh_tokens WHERE session_id = $1")
        .bind(session_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
    insert_refresh(db, id, session_id, token_hash, now, expires_at).await
}

/// The user's active sessions, most recently used first.
pub async fn list_active(db: &Db, user_id: &str, now: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, user_id, kind, secret_hash, user_agent, ip, created_at, last_seen_at, expires_at, revoked_at
         FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
         ORDER BY last_seen_at DESC, id DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(pool)
    .await)
}

/// Ends `id` if it is an active session of `user_id`; false when there is no such session (so one user can
/// never end another's).
pub async fn revoke_own(db: &Db, user_id: &str, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}
