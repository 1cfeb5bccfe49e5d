//! Rate limiting of the endpoints that guess at secrets, shared by every node through the database.
//!
//! A `Bucket` is a counter for one action and one scope (an account, an IP, or both), with its `Limit`. Two
//! ways to use them:
//! - `consume` counts the attempt first and refuses it once the window is over the limit (every attempt
//!   counts: registration, a reset-mail request);
//! - `check` before the work and `record` after a failure (only failures count: sign-in, so people who know
//!   their password are never slowed by their own sign-ins).
//!
//! Windows are fixed (aligned to multiples of their length): one indexed row per bucket and window, one atomic
//! upsert per hit, and `Retry-After` is simply the time left in the window. A refusal never outlives its
//! window, so a stranger's flood delays an owner at most that long.

use crate::server::{
    auth::token_hash,
    config::Limit,
    db::{self, throttle},
    AppError, AppState,
};

/// One counter: `action` (e.g. `sign_in`) for `scope` (e.g. `ip:203.0.113.9`).
#[derive(Debug, Clone)]
pub struct Bucket {
    key: String,
    limit: Limit,
}

impl Bucket {
    pub fn new(action: &str, scope: &str, limit: Limit) -> Self {
        // Hashed: the table then holds no email address or IP, and every key has the same short length.
        Self {
            key: token_hash(&format!("{action}\u{0}{scope}")),
            limit,
        }
    }

    /// A bucket per client IP; requests without a known IP (not over TCP) share one.
    pub fn ip(action: &str, ip: Option<&str>, limit: Limit) -> Self {
        Self::new(action, &format!("ip:{}", ip.unwrap_or("-")), limit)
    }

    pub fn account(action: &str, account: &str, limit: Limit) -> Self {
        Self::new(action, &format!("account:{account}"), limit)
    }

    pub fn account_ip(action: &str, account: &str, ip: Option<&str>, limit: Limit) -> Self {
        Self::new(
            action,
            &format!("account-ip:{account}|{}", ip.unwrap_or("-")),
            limit,
        )
    }

    fn window(&self, now: i64) -> (i64, i64) {
        let length = (self.limit.window.as_millis() as i64).max(1);
        let start = now - now.rem_euclid(length);
        (start, start + length)
    }

    fn refusal(&self, now: i64) -> AppError {
        let (_, end) = self.window(now);
        // Rounded up: a client that waits exactly this long finds the window closed.
        let secs = ((end - now) as u64).div_ceil(1000).max(1);
        AppError::RateLimited {
            retry_after_secs: secs,
        }
    }
}

/// Refuses with 429 when any bucket is already at its limit; counts nothing.
pub async fn check(state: &AppState, buckets: &[Bucket]) -> Result<(), AppError> {
    let now = db::now_ms();
    for bucket in buckets {
        let (start, _) = bucket.window(now);
        if throttle::hits(&state.db, &bucket.key, start).await? >= bucket.limit.max {
            return Err(bucket.refusal(now));
        }
    }
    Ok(())
}

/// True when any bucket is at its limit (for limits that slow rather than refuse).
pub async fn is_full(state: &AppState, buckets: &[Bucket]) -> Result<bool, AppError> {
    Ok(check(state, buckets)
        .await
        .is_err_and(|e| e.retry_after().is_some()))
}

/// Counts one attempt in every bucket.
pub async fn record(state: &AppState, buckets: &[Bucket]) -> Result<(), AppError> {
    let now = db::now_ms();
    for bucket in buckets {
        let (start, end) = bucket.window(now);
        let hits = throttle::hit(&state.db, &bucket.key, start, end).await?;
        // The first hit of a window clears closed ones: the table stays the size of the open windows.
        if hits == 1 {
            throttle::purge(&state.db, now).await?;
        }
    }
    Ok(())
}

/// Counts the attempt, then refuses it with 429 when that took any bucket over its limit.
pub async fn consume(state: &AppState, buckets: &[Bucket]) -> Result<(), AppError> {
    let now = db::now_ms();
    let mut refusal = None;
    for bucket in buckets {
        let (start, end) = bucket.window(now);
        let hits = throttle::hit(&state.db, &bucket.key, start, end).await?;
        if hits == 1 {
            throttle::purge(&state.db, now).await?;
        }
        if hits > bucket.limit.max && refusal.is_none() {
            refusal = Some(bucket.refusal(now));
        }
    }
    refusal.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_and_retry_after_rounds_up() {
        let bucket = Bucket::ip("x", Some("1.2.3.4"), Limit::new(1, 60));
        assert_eq!(bucket.window(125_000), (120_000, 180_000));
        assert_eq!(bucket.refusal(125_000).retry_after(), Some(55));
        assert_eq!(bucket.refusal(179_999).retry_after(), Some(1));
    }

    #[test]
    fn scopes_never_collide() {
        let limit = Limit::new(1, 60);
        let a = Bucket::account_ip("sign_in", "a@x", Some("1"), limit);
        let b = Bucket::account("sign_in", "a@x|1", limit);
        let c = Bucket::account_ip("register", "a@x", Some("1"), limit);
        assert_ne!(a.key, b.key);
        assert_ne!(a.key, c.key);
    }
}
