//! The session check on every authenticated request, kept cheap by a short-lived cache.
//!
//! Each node remembers a session's row for at most one second. A revocation on this node drops the entry at
//! once; another node sees the revoked row from the database when its entry expires, so every node refuses an
//! ended session within a second while a busy session costs one primary-key lookup a second, not one a request.

use super::super::{
    db::{self, sessions::SessionRow, Db},
    AppError,
};
use moka::future::Cache;
use std::{sync::Arc, time::Duration};

pub const CACHE_TTL: Duration = Duration::from_secs(1);
/// Activity is written back at most this often per session.
const TOUCH_EVERY_MS: i64 = 60_000;

#[derive(Clone)]
pub struct SessionCache {
    rows: Cache<String, Option<Arc<SessionRow>>>,
}

impl Default for SessionCache {
    fn default() -> Self {
        Self::new()
    }
}

impl SessionCache {
    pub fn new() -> Self {
        Self {
            rows: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(CACHE_TTL)
                .build(),
        }
    }

    /// The session if it exists and is active at `now`.
    pub async fn active(
        &self,
        db: &Db,
        id: &str,
        now: i64,
    ) -> Result<Option<Arc<SessionRow>>, AppError> {
        let row = self
            .rows
            .try_get_with(id.to_owned(), async {
                db::sessions::find(db, id)
                    .await
                    .map(|row| row.map(Arc::new))
            })
            .await
            .map_err(|e| AppError::internal(format!("session lookup: {e}")))?;
        Ok(row.filter(|s| s.is_active(now)))
    }

    /// Writes `last_seen_at` (and slides a browser session's expiry) when the stored value is stale.
    pub async fn touch(
        &self,
        db: &Db,
        session: &SessionRow,
        now: i64,
        ttl_ms: i64,
    ) -> Result<(), AppError> {
        if now - session.last_seen_at >= TOUCH_EVERY_MS {
            let expires_at = if session.kind == "browser" {
                now + ttl_ms
            } else {
                session.expires_at
            };
            db::sessions::touch(db, &session.id, now, expires_at).await?;
            self.forget(&session.id).await;
        }
        Ok(())
    }

    pub async fn revoke(&self, db: &Db, id: &str) -> Result<(), AppError> {
        db::sessions::revoke(db, id, db::now_ms()).await?;
        self.forget(id).await;
        Ok(())
    }

    pub async fn forget(&self, id: &str) {
        self.rows.invalidate(id).await;
    }
}
