//! `users.avatar_key` and the clean-up of avatar blobs nobody uses any more.
//!
//! Blobs are content-addressed and shared: two users who upload the same picture, or an avatar that happens to
//! equal a generated image, point at one row. A blob may therefore only be deleted once nothing references it,
//! and that check must not race with a transaction that is about to reference it. On SQLite every writing
//! transaction runs alone (`Db::begin` is `BEGIN IMMEDIATE`), so the check is exact. On PostgreSQL a
//! concurrent, uncommitted `avatar_key = K` is invisible to the check, so whoever references or deletes blob K
//! first takes a transaction-scoped advisory lock on K (`lock_blob`): the two serialise, and the delete's
//! statement starts after the other has committed and sees its reference. Images need no lock: their
//! `image_key` is a foreign key, which makes PostgreSQL refuse (not silently allow) such a delete.

use super::{on_tx, Db, Tx};

/// Serialises, per blob key, the transactions that reference or delete that blob (see the module comment).
pub async fn lock_blob(tx: &mut Tx, key: &str) -> Result<(), sqlx::Error> {
    match tx {
        // Writers are already serialised by the database lock.
        Tx::Sqlite(_) => Ok(()),
        Tx::Postgres(t) => sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(key)
            .execute(&mut **t)
            .await
            .map(|_| ()),
    }
}

/// Sets the user's avatar to `key` (or clears it) and returns the key it replaces, `None` for no avatar.
/// `Ok(None)` also when the user does not exist; `set_avatar_key` then changes nothing.
pub async fn set_avatar_key(
    tx: &mut Tx,
    user_id: &str,
    key: Option<&str>,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_tx!(tx, conn => {
        // Touching the row first locks it (PostgreSQL), so the key read next is still the current one when it
        // is replaced: two uploads at once cannot both "replace" the same old key and lose track of one.
        sqlx::query("UPDATE users SET updated_at = $2 WHERE id = $1")
            .bind(user_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        let old: Option<Option<String>> = sqlx::query_scalar("SELECT avatar_key FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
        sqlx::query("UPDATE users SET avatar_key = $2 WHERE id = $1")
            .bind(user_id)
            .bind(key)
            .execute(&mut *conn)
            .await?;
        Ok(old.flatten())
    })
}

/// Deletes blob `key` if no user's avatar and no image (original or thumbnail) references it; returns whether
/// it did. Runs in its own transaction, after the one that dropped the reference has committed.
pub async fn delete_blob_if_unreferenced(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_blob(&mut tx, key).await?;
    let deleted = on_tx!(&mut tx, conn => sqlx::query(
        "DELETE FROM blobs WHERE key = $1
           AND NOT EXISTS (SELECT 1 FROM users WHERE avatar_key = $1)
           AND NOT EXISTS (SELECT 1 FROM images WHERE image_key = $1 OR thumbnail_key = $1)",
    )
    .bind(key)
    .execute(&mut *conn)
    .await?
    .rows_affected());
    tx.commit().await?;
    Ok(deleted > 0)
}
