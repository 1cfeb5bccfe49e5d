//! The dashboard cache: per-user views kept up to five minutes, and never stale.
//!
//! Each entry remembers the user's `data_version` it was computed at. Every write that changes what the user
//! sees bumps that version in the database (inside the write's own transaction where there is one), so a read
//! costs one primary-key lookup to learn whether the entry is current. With several nodes on one PostgreSQL this
//! holds across all of them: a write on node A bumps the shared row, and node B's next read sees the new
//! version and recomputes — no messages between nodes, no window of staleness.

use crate::server::{db, AppError, AppState};
use moka::future::Cache;
use std::{any::Any, future::Future, sync::Arc, time::Duration};

pub const TTL: Duration = Duration::from_secs(300);

type Entry = (i64, Arc<dyn Any + Send + Sync>);

#[derive(Clone)]
pub struct DashboardCache {
    /// None when the cache is off (capacity 0): moka would still admit an entry until its next maintenance.
    entries: Option<Cache<(String, &'static str), Entry>>,
}

impl DashboardCache {
    /// A cache of at most `capacity` views; 0 keeps none.
    pub fn new(capacity: u64) -> Self {
        Self {
            entries: (capacity > 0).then(|| {
                Cache::builder()
                    .max_capacity(capacity)
                    .time_to_live(TTL)
                    .build()
            }),
        }
    }

    /// The `view` of `user_id`: from the cache when it was computed at the current version, else from
    /// `compute` (and then remembered).
    pub async fn get_or_compute<T, F, Fut>(
        &self,
        state: &AppState,
        user_id: &str,
        view: &'static str,
        compute: F,
    ) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let Some(entries) = &self.entries else {
            return compute().await;
        };
        let version = db::freshness::version(&state.db, user_id).await?;
        let key = (user_id.to_owned(), view);
        if let Some((cached_version, value)) = entries.get(&key).await {
            if cached_version == version {
                if let Some(value) = value.downcast_ref::<T>() {
                    return Ok(value.clone());
                }
            }
        }
        let value = compute().await?;
        entries
            .insert(key, (version, Arc::new(value.clone())))
            .await;
        Ok(value)
    }
}
