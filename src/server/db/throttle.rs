//! Queries on `throttle`: fixed-window counters kept in the database, so every node behind a load balancer
//! counts into the same window (an in-memory counter would let N nodes allow N times the limit).

use super::{on_pool, Db};

/// The hits counted in `key`'s window starting at `window_start` (0 when there are none).
pub async fn hits(db: &Db, key: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    let hits: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT hits FROM throttle WHERE key = $1 AND window_start = $2",
    )
    .bind(key)
    .bind(window_start)
    .fetch_optional(pool)
    .await)?;
    Ok(hits.unwrap_or(0))
}

/// Counts one hit and returns the window's total, in one atomic statement (concurrent hits on any node
/// never lose a count).
pub async fn hit(
    db: &Db,
    key: &str,
    window_start: i64,
    expires_at: i64,
) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar(
        "INSERT INTO throttle (key, window_start, expires_at, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = throttle.hits + 1
         RETURNING hits",
    )
    .bind(key)
    .bind(window_start)
    .bind(expires_at)
    .fetch_one(pool)
    .await)
}

/// Drops windows that have closed.
pub async fn purge(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query("DELETE FROM throttle WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
