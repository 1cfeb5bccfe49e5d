//! Read models of the main dashboard: the subscription summary and call volume over a time range, both
//! answered from small tables (the user's one subscription row; the 15-minute call rollups).

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionSummaryRow {
    pub plan_name: String,
    pub price_minor: i64,
    pub features: String,
    pub status: String,
    pub current_period_end: i64,
}

pub async fn subscription_summary(
    db: &Db,
    user_id: &str,
) -> Result<Option<SubscriptionSummaryRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT p.name AS plan_name, p.price_minor, p.features, s.status, s.current_period_end
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)
}

/// Calls that started in `[since, until)`, from the rollups (exact: ranges start on bucket boundaries,
/// which every local midnight is, since every UTC offset is a multiple of 15 minutes).
pub async fn calls_between(
    db: &Db,
    user_id: &str,
    since: i64,
    until: i64,
) -> Result<i64, sqlx::Error> {
    let total: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT CAST(SUM(calls) AS BIGINT) FROM call_rollups WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3",
    )
    .bind(user_id)
    .bind(since)
    .bind(until)
    .fetch_one(pool)
    .await)?;
    Ok(total.unwrap_or(0))
}
