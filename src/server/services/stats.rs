//! The stats worker: folds the outbox (`stats_events`) into the counters in the background, so an ingest
//! never waits on aggregation. Woken right after each ingest commits, and every second regardless (another
//! node's ingests, or events left by a crash). On shutdown it is stopped between batches and the server drains
//! what is left (`drain`), so a node that exits cleanly leaves no event behind.

use crate::server::db::{self, Db};
use std::{sync::Arc, time::Duration};
use tokio::sync::Notify;

const BATCH: i64 = 1000;

#[derive(Clone, Default)]
pub struct StatsWorker {
    wake: Arc<Notify>,
    stop: Arc<Notify>,
}

impl StatsWorker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the worker to run soon (cheap, never blocks).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Asks the worker to return after the batch it may be applying (the permit is kept if it is busy).
    pub fn stop(&self) {
        self.stop.notify_one();
    }

    /// Runs until stopped (or the task is dropped). Errors (a busy database, say) are logged and retried on the
    /// next tick.
    pub fn spawn(&self, db: Db) -> tokio::task::JoinHandle<()> {
        let wake = self.wake.clone();
        let stop = self.stop.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = wake.notified() => {},
                    () = tokio::time::sleep(Duration::from_secs(1)) => {},
                    () = stop.notified() => return,
                }
                if let Err(e) = drain(&db).await {
                    tracing::warn!(error = %e, "stats worker: will retry");
                }
            }
        })
    }
}

/// Applies every pending event; returns how many.
pub async fn drain(db: &Db) -> Result<usize, sqlx::Error> {
    let mut applied = 0;
    loop {
        let n = db::stats::apply_batch(db, BATCH, db::now_ms()).await?;
        applied += n;
        if n < BATCH as usize {
            return Ok(applied);
        }
    }
}
