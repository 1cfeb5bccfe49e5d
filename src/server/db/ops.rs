//! What operators ask of the database: is it reachable, is its schema the one this binary expects, how busy is
//! the pool, how far behind is the stats worker.

use super::{on_pool, Db, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use std::collections::BTreeSet;

/// Migrations this binary embeds that the database has not applied (successfully). Zero when current.
pub async fn pending_migrations(db: &Db) -> Result<usize, sqlx::Error> {
    let embedded: BTreeSet<i64> = match db {
        Db::Sqlite(_) => SQLITE_MIGRATIONS.iter().map(|m| m.version).collect(),
        Db::Postgres(_) => POSTGRES_MIGRATIONS.iter().map(|m| m.version).collect(),
    };
    // A database nobody migrated has no table yet: everything is pending (a query error would say "down").
    let applied: Vec<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT version FROM _sqlx_migrations WHERE success",
    )
    .fetch_all(pool)
    .await)
    .or_else(|e| match &e {
        sqlx::Error::Database(d) if d.message().contains("_sqlx_migrations") => Ok(Vec::new()),
        _ => Err(e),
    })?;
    let applied: BTreeSet<i64> = applied.into_iter().collect();
    Ok(embedded.difference(&applied).count())
}

/// A round trip to the database.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
}

/// Connections the pool holds open, and how many of them sit idle.
pub fn pool_use(db: &Db) -> (u32, usize) {
    on_pool!(db, pool => (pool.size(), pool.num_idle()))
}

/// The stats outbox: events waiting, and the age in milliseconds of the oldest (0 when none wait).
pub async fn outbox_lag(db: &Db, now_ms: i64) -> Result<(i64, i64), sqlx::Error> {
    let (count, oldest): (i64, Option<i64>) = on_pool!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM stats_events",
    )
    .fetch_one(pool)
    .await)?;
    Ok((count, oldest.map_or(0, |at| (now_ms - at).max(0))))
}

/// Waits for checked-out connections to come back, then closes them all: the last step of a clean shutdown.
pub async fn close(db: &Db) {
    on_pool!(db, pool => pool.close().await);
}
