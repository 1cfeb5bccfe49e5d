//! Plans, subscriptions, invoices, payment methods, and the usage a billing period counts.
//!
//! Every billing write runs in one transaction that starts with `lock_user`, so two requests of the same user
//! (a double-clicked upgrade, a card deleted while another is made default) apply one after the other.
//! Reads for responses go through the pool after the commit.

use super::{on_pool, on_tx, Db, Tx};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub price_minor: i64,
    pub currency: String,
    pub billing_interval: String,
    /// A JSON array of strings.
    pub features: String,
    pub quota_calls: Option<i64>,
    pub quota_call_minutes: Option<i64>,
    pub quota_agents: Option<i64>,
    pub quota_tokens: Option<i64>,
    pub sort_order: i32,
    pub active: bool,
}

const PLAN_COLUMNS: &str =
    "id, code, name, price_minor, currency, billing_interval, features, quota_calls,
    quota_call_minutes, quota_agents, quota_tokens, sort_order, active";

pub struct NewPlan<'a> {
    pub id: &'a str,
    pub code: &'a str,
    pub name: &'a str,
    pub price_minor: i64,
    pub features: &'a [&'a str],
    pub quota_calls: Option<i64>,
    pub quota_call_minutes: Option<i64>,
    pub quota_agents: Option<i64>,
    pub quota_tokens: Option<i64>,
    pub sort_order: i32,
}

/// Inserts the plan unless one with its code exists; returns the id of the plan with that code.
pub async fn ensure_plan(tx: &mut Tx, p: &NewPlan<'_>) -> Result<String, sqlx::Error> {
    let features = serde_json::to_string(p.features).unwrap_or_else(|_| "[]".into());
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO plans (id, code, name, price_minor, currency, billing_interval, features, quota_calls,
                                quota_call_minutes, quota_agents, quota_tokens, sort_order)
             VALUES ($1, $2, $3, $4, 'USD', 'month', $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING",
        )
        .bind(p.id).bind(p.code).bind(p.name).bind(p.price_minor).bind(&features)
        .bind(p.quota_calls).bind(p.quota_call_minutes).bind(p.quota_agents).bind(p.quota_tokens).bind(p.sort_order)
        .execute(&mut *conn)
        .await?;
        sqlx::query_scalar("SELECT id FROM plans WHERE code = $1").bind(p.code).fetch_one(&mut *conn).await
    })
}

pub async fn count_plans(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM plans").fetch_one(&mut *conn).await)
}

/// Every plan, retired ones included (a subscriber may still be on one), in display order.
pub async fn plans(db: &Db) -> Result<Vec<PlanRow>, sqlx::Error> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans ORDER BY sort_order, code");
    on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

pub async fn plan(tx: &mut Tx, id: &str) -> Result<Option<PlanRow>, sqlx::Error> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// Serialises the user's billing writes until the transaction ends. On PostgreSQL a row lock on the user (`NO
/// KEY` so that inserts referencing the user, such as ingested calls, are not held up); SQLite's
/// `BEGIN IMMEDIATE` (see `Db::begin`) already gives the transaction the only write lock.
pub async fn lock_user(tx: &mut Tx, user_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = match tx {
        Tx::Sqlite(t) => {
            sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_scalar("SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE")
                .bind(user_id)
                .fetch_optional(&mut **t)
                .await?
        }
    };
    Ok(found.is_some())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: String,
    pub user_id: String,
    pub plan_id: String,
    pub status: String,
    pub current_period_start: i64,
    pub current_period_end: i64,
    pub cancel_at_period_end: bool,
    pub pending_plan_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const SUBSCRIPTION_COLUMNS: &str =
    "id, user_id, plan_id, status, current_period_start, current_period_end,
    cancel_at_period_end, pending_plan_id, created_at, updated_at";

pub async fn subscription(db: &Db, user_id: &str) -> Result<Option<SubscriptionRow>, sqlx::Error> {
    let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE user_id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_optional(pool).await)
}

/// The user's subscription inside a billing transaction (after `lock_user`).
pub async fn subscription_in(
    tx: &mut Tx,
    user_id: &str,
) -> Result<Option<SubscriptionRow>, sqlx::Error> {
    let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE user_id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(user_id).fetch_optional(&mut *conn).await)
}

/// Inserts an active subscription; `now` is its creation time, from which its billing periods are counted.
pub async fn insert_subscription(
    tx: &mut Tx,
    id: &str,
    user_id: &str,
    plan_id: &str,
    period: (i64, i64),
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO subscriptions (id, user_id, plan_id, status, current_period_start, current_period_end, created_at, updated_at)
         VALUES ($1, $2, $3, 'active', $4, $5, $6, $7)",
    )
    .bind(id).bind(user_id).bind(plan_id).bind(period.0).bind(period.1).bind(now).bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Writes back everything about a subscription that changes over its life.
pub async fn update_subscription(tx: &mut Tx, s: &SubscriptionRow) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE subscriptions SET plan_id = $2, status = $3, current_period_start = $4, current_period_end = $5,
                cancel_at_period_end = $6, pending_plan_id = $7, updated_at = $8
         WHERE id = $1",
    )
    .bind(&s.id).bind(&s.plan_id).bind(&s.status).bind(s.current_period_start).bind(s.current_period_end)
    .bind(s.cancel_at_period_end).bind(&s.pending_plan_id).bind(s.updated_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

pub async fn delete_subscription(tx: &mut Tx, user_id: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM subscriptions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

/// The next invoice number (1, 2, …). The counter row stays locked until the transaction ends, which
/// serialises invoicing across users — a fair price at billing's pace for numbers without gaps.
pub async fn next_invoice_number(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "UPDATE invoice_counter SET last_number = last_number + 1 WHERE id = 1 RETURNING last_number",
    )
    .fetch_one(&mut *conn)
    .await)
}

/// One line of an invoice as stored in `invoices.line_items` (a JSON array).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItemRow {
    pub description: String,
    pub amount_minor: i64,
}

pub struct NewInvoice<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub number: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub status: &'a str,
    pub period: (i64, i64),
    pub line_items: &'a [LineItemRow],
    pub issued_at: i64,
    pub provider_ref: Option<&'a str>,
}

pub async fn insert_invoice(tx: &mut Tx, i: &NewInvoice<'_>) -> Result<(), sqlx::Error> {
    let line_items = serde_json::to_string(i.line_items).unwrap_or_else(|_| "[]".into());
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO invoices (id, user_id, number, amount_minor, currency, status, period_start, period_end,
                               line_items, issued_at, provider_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(i.id).bind(i.user_id).bind(i.number).bind(i.amount_minor).bind(i.currency).bind(i.status)
    .bind(i.period.0).bind(i.period.1).bind(&line_items).bind(i.issued_at).bind(i.provider_ref)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub period_start: i64,
    pub period_end: i64,
    /// A JSON array of `LineItemRow`.
    pub line_items: String,
    pub issued_at: i64,
}

/// The user's newest `limit` invoices, newest first (numbers break ties: they only grow).
pub async fn invoices(db: &Db, user_id: &str, limit: i64) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, number, amount_minor, currency, status, period_start, period_end, line_items, issued_at
         FROM invoices WHERE user_id = $1 ORDER BY issued_at DESC, number DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentMethodRow {
    pub id: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i32,
    pub exp_year: i32,
    pub is_default: bool,
    pub created_at: i64,
    pub provider_ref: Option<String>,
}

const PAYMENT_METHOD_COLUMNS: &str =
    "id, brand, last4, exp_month, exp_year, is_default, created_at, provider_ref";

/// "Newest" everywhere below: by creation time, then id, so ties (two cards saved in the same millisecond)
/// still have one order.
const NEWEST_FIRST: &str = "ORDER BY created_at DESC, id DESC";

pub struct NewPaymentMethod<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub brand: &'a str,
    pub last4: &'a str,
    pub expiry: (i32, i32),
    pub is_default: bool,
    pub created_at: i64,
    pub provider_ref: Option<&'a str>,
}

pub async fn insert_payment_method(
    tx: &mut Tx,
    p: &NewPaymentMethod<'_>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, is_default, created_at, provider_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(p.id).bind(p.user_id).bind(p.brand).bind(p.last4).bind(p.expiry.0).bind(p.expiry.1)
    .bind(p.is_default).bind(p.created_at).bind(p.provider_ref)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// The user's cards, newest first.
pub async fn payment_methods(db: &Db, user_id: &str) -> Result<Vec<PaymentMethodRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE user_id = $1 {NEWEST_FIRST}"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
}

/// One of the user's cards; another user's card is as absent as a card that never existed.
pub async fn payment_method(
    tx: &mut Tx,
    user_id: &str,
    id: &str,
) -> Result<Option<PaymentMethodRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE user_id = $1 AND id = $2"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(user_id).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn default_payment_method(
    tx: &mut Tx,
    user_id: &str,
) -> Result<Option<PaymentMethodRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE user_id = $1 AND is_default {NEWEST_FIRST} LIMIT 1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(user_id).fetch_optional(&mut *conn).await)
}

pub async fn newest_payment_method(
    tx: &mut Tx,
    user_id: &str,
) -> Result<Option<PaymentMethodRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE user_id = $1 {NEWEST_FIRST} LIMIT 1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(user_id).fetch_optional(&mut *conn).await)
}

pub async fn delete_payment_method(
    tx: &mut Tx,
    user_id: &str,
    id: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM payment_methods WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

/// Makes `id` the user's only default card, in one statement.
pub async fn set_default_payment_method(
    tx: &mut Tx,
    user_id: &str,
    id: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE payment_methods SET is_default = (id = $2) WHERE user_id = $1")
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct UsageRow {
    pub calls: i64,
    pub duration_seconds: i64,
    pub agents: i64,
    pub tokens: i64,
}

/// The user's usage over the rollup buckets starting in `[from, to)` (both bucket boundaries). The casts:
/// PostgreSQL sums BIGINTs as NUMERIC.
pub async fn usage(db: &Db, user_id: &str, from: i64, to: i64) -> Result<UsageRow, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT
            (SELECT CAST(COALESCE(SUM(calls), 0) AS BIGINT) FROM call_rollups
              WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3) AS calls,
            (SELECT CAST(COALESCE(SUM(duration_seconds), 0) AS BIGINT) FROM call_rollups
              WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3) AS duration_seconds,
            (SELECT COUNT(DISTINCT agent_id) FROM agent_usage
              WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3) AS agents,
            (SELECT CAST(COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS BIGINT) FROM token_rollups
              WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3) AS tokens",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await)
}
