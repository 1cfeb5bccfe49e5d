//! `users.data_version`: the freshness token of everything a user's dashboard shows (see `services::cache`).

use super::{on_pool, on_tx, Db, Tx};

pub async fn version(db: &Db, user_id: &str) -> Result<i64, sqlx::Error> {
    let v: Option<i64> = on_pool!(db, pool => sqlx::query_scalar("SELECT data_version FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
    Ok(v.unwrap_or(-1))
}

pub async fn bump(db: &Db, user_id: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("UPDATE users SET data_version = data_version + 1 WHERE id = $1")
        .bind(user_id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// The same, inside a transaction that makes the change.
pub async fn bump_in(tx: &mut Tx, user_id: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE users SET data_version = data_version + 1 WHERE id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}
