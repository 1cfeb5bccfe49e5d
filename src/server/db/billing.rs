//! Plans, subscriptions, invoices and payment methods (writes used by seeding and, later, billing).

use super::{on_tx, Tx};

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

pub struct NewInvoice<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub number: &'a str,
    pub amount_minor: i64,
    pub status: &'a str,
    pub period: (i64, i64),
    pub line_items: &'a str,
    pub issued_at: i64,
}

pub async fn insert_invoice(tx: &mut Tx, i: &NewInvoice<'_>) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO invoices (id, user_id, number, amount_minor, currency, status, period_start, period_end, line_items, issued_at)
         VALUES ($1, $2, $3, $4, 'USD', $5, $6, $7, $8, $9)",
    )
    .bind(i.id).bind(i.user_id).bind(i.number).bind(i.amount_minor).bind(i.status)
    .bind(i.period.0).bind(i.period.1).bind(i.line_items).bind(i.issued_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_payment_method(
    tx: &mut Tx,
    id: &str,
    user_id: &str,
    brand: &str,
    last4: &str,
    expiry: (i32, i32),
    is_default: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, is_default, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id).bind(user_id).bind(brand).bind(last4).bind(expiry.0).bind(expiry.1).bind(is_default).bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}
