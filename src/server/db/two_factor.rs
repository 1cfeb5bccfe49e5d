//! Queries on `two_factor`, `recovery_codes` and `login_challenges`.

use super::{on_pool, on_tx, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TwoFactorRow {
    pub user_id: String,
    pub secret: String,
    pub confirmed_at: Option<i64>,
    pub last_used_step: Option<i64>,
    pub created_at: i64,
}

pub async fn find(db: &Db, user_id: &str) -> Result<Option<TwoFactorRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT user_id, secret, confirmed_at, last_used_step, created_at FROM two_factor WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)
}

/// Starts (or restarts) an enrollment: a new pending secret. Never touches a confirmed one.
pub async fn put_pending(
    db: &Db,
    user_id: &str,
    secret: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO two_factor (user_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at,
             last_used_step = NULL
         WHERE two_factor.confirmed_at IS NULL",
    )
    .bind(user_id)
    .bind(secret)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Claims the TOTP time step `step` for `user_id`: true only for the first use of a step newer than the last
/// accepted one, so a code seen over someone's shoulder cannot be replayed within its window.
pub async fn claim_step(db: &Db, user_id: &str, step: i64) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE two_factor SET last_used_step = $1
         WHERE user_id = $2 AND (last_used_step IS NULL OR last_used_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

/// Deletes the user's recovery codes and inserts `$hashes`, on the transaction's connection (a macro so one
/// body serves both drivers inside `on_tx!`).
macro_rules! replace_codes {
    ($conn:expr, $user_id:expr, $hashes:expr, $now:expr) => {{
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind($user_id)
            .execute(&mut *$conn)
            .await?;
        for hash in $hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(super::new_id())
            .bind($user_id)
            .bind(hash)
            .bind($now)
            .execute(&mut *$conn)
            .await?;
        }
    }};
}

/// Confirms the enrollment and stores its recovery codes (replacing any older ones), atomically.
pub async fn confirm(
    db: &Db,
    user_id: &str,
    code_hashes: &[String],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let confirmed = on_tx!(&mut tx, conn => {
        let confirmed = sqlx::query(
            "UPDATE two_factor SET confirmed_at = $1 WHERE user_id = $2 AND confirmed_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if confirmed {
            replace_codes!(conn, user_id, code_hashes, now);
        }
        confirmed
    });
    tx.commit().await?;
    Ok(confirmed)
}

/// Replaces the user's recovery codes with new ones.
pub async fn regenerate_codes(
    db: &Db,
    user_id: &str,
    code_hashes: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => replace_codes!(conn, user_id, code_hashes, now));
    tx.commit().await
}

/// Uses up the unused recovery code with this hash; false when there is none.
pub async fn use_recovery_code(
    db: &Db,
    user_id: &str,
    code_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(code_hash)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1))
}

pub async fn recovery_codes_left(db: &Db, user_id: &str) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await)
}

/// Turns 2FA off: the secret and the recovery codes go.
pub async fn delete(db: &Db, user_id: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => {
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM two_factor WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    });
    tx.commit().await
}

pub async fn insert_challenge(
    db: &Db,
    id: &str,
    user_id: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO login_challenges (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(user_id)
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The user of a live (unused, unexpired) challenge.
pub async fn challenge_user(
    db: &Db,
    token_hash: &str,
    now: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, user_id FROM login_challenges WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await)
}

/// Marks the challenge used; false when another request used it first.
pub async fn use_challenge(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    on_pool!(db, pool => sqlx::query("UPDATE login_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Drops challenges that can no longer be used.
pub async fn purge_challenges(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("DELETE FROM login_challenges WHERE expires_at <= $1 OR used_at IS NOT NULL")
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}
