//! Billing: plans, the user's subscription, invoices, saved cards and the usage a period counts.
//!
//! The rules live here and in the submodules; money moves only through `provider::BillingProvider`, chosen
//! once in `AppState`, so swapping the built-in test provider for a real one touches neither the rules nor
//! the handlers. Money is in minor units (cents) throughout and becomes a decimal only in the API types.

mod changes;
mod money;
pub mod payment_methods;
pub mod periods;
pub mod plans;
pub mod provider;
mod subscription;

pub use changes::preview_changes;
pub use plans::{ensure_default_plans, seed_default_plans, DEFAULT_PLANS};
pub use subscription::{cancel, change_plan, invoice_number, resume};

use crate::{
    api::billing::{CurrentSubscription, Invoice, LineItem, Plan, SubscriptionOverview, Usage},
    server::{
        db::{
            self,
            billing::{InvoiceRow, LineItemRow, PlanRow, SubscriptionRow},
            stats::bucket_of,
        },
        AppError, AppState,
    },
};

/// Invoices shown in the billing history: two years of monthly bills and the odd upgrade.
const HISTORY_LIMIT: i64 = 50;

/// `GET /subscription/`: the current plan, the catalogue, the billing history and this period's usage.
pub async fn overview(state: &AppState, user_id: &str) -> Result<SubscriptionOverview, AppError> {
    let now = db::now_ms();
    let current = settled(state, user_id, now).await?;
    view(state, user_id, current, now).await
}

/// The user's subscription row as it stands at `now`, for a read. A read takes the billing lock only when a
/// period has ended and must be rolled forward first.
async fn settled(
    state: &AppState,
    user_id: &str,
    now: i64,
) -> Result<Option<SubscriptionRow>, AppError> {
    let current = db::billing::subscription(&state.db, user_id).await?;
    if !current
        .as_ref()
        .is_some_and(|s| subscription::is_due(s, now))
    {
        return Ok(current);
    }
    let mut tx = subscription::begin(state, user_id).await?;
    let current = subscription::settle(&mut tx, state.billing.as_ref(), user_id, now).await?;
    tx.commit().await?;
    Ok(current)
}

/// The overview as it stands once `subscription` (already settled) is the user's.
async fn view(
    state: &AppState,
    user_id: &str,
    subscription: Option<SubscriptionRow>,
    now: i64,
) -> Result<SubscriptionOverview, AppError> {
    let plans = db::billing::plans(&state.db).await?;
    let invoices = db::billing::invoices(&state.db, user_id, HISTORY_LIMIT).await?;
    let (current_subscription, current_usage) =
        match subscription.filter(subscription::is_current) {
            None => (None, None),
            Some(s) => {
                let plan_of = |id: &str| {
                    plans.iter().find(|p| p.id == id).ok_or_else(|| {
                        AppError::internal(format!("subscription on missing plan {id}"))
                    })
                };
                let plan = plan_of(&s.plan_id)?;
                let pending_plan = match &s.pending_plan_id {
                    Some(id) => Some(Plan::from(plan_of(id)?)),
                    None => None,
                };
                let usage = usage(state, user_id, &s, plan).await?;
                let current = CurrentSubscription {
                    plan: Plan::from(plan),
                    status: s.status,
                    current_period_start: db::rfc3339(s.current_period_start),
                    current_period_end: db::rfc3339(s.current_period_end),
                    days_remaining: periods::days_remaining(s.current_period_end, now),
                    cancel_at_period_end: s.cancel_at_period_end,
                    pending_plan,
                };
                (Some(current), Some(usage))
            }
        };
    Ok(SubscriptionOverview {
        current_subscription,
        available_plans: plans.iter().filter(|p| p.active).map(Plan::from).collect(),
        billing_history: invoices.iter().map(Invoice::from).collect(),
        current_usage,
    })
}

/// Usage in the subscription's current period, from the 15-minute rollups. A period starts at any
/// millisecond but rollups count whole buckets: the bucket a period starts in is counted in it (so a call
/// in the first minutes of a new subscription counts), and the bucket it ends in belongs to the next period;
/// every bucket belongs to exactly one period.
async fn usage(
    state: &AppState,
    user_id: &str,
    s: &SubscriptionRow,
    plan: &PlanRow,
) -> Result<Usage, AppError> {
    let from = bucket_of(s.current_period_start);
    let to = bucket_of(s.current_period_end);
    let row = db::billing::usage(&state.db, user_id, from, to).await?;
    Ok(Usage {
        calls_made: row.calls,
        call_minutes: (row.duration_seconds + 59).div_euclid(60),
        agents_used: row.agents,
        tokens_used: row.tokens,
        quotas: plans::quotas(plan),
    })
}

impl From<&InvoiceRow> for Invoice {
    fn from(row: &InvoiceRow) -> Self {
        // Written by us as JSON; a hand-edited row that is not shows no lines rather than failing the page.
        let lines: Vec<LineItemRow> = serde_json::from_str(&row.line_items).unwrap_or_default();
        Invoice {
            id: row.id.clone(),
            number: row.number.clone(),
            amount: money::to_major(row.amount_minor),
            currency: row.currency.clone(),
            status: row.status.clone(),
            period_start: db::rfc3339(row.period_start),
            period_end: db::rfc3339(row.period_end),
            issued_at: db::rfc3339(row.issued_at),
            line_items: lines
                .into_iter()
                .map(|l| LineItem {
                    description: l.description,
                    amount: money::to_major(l.amount_minor),
                })
                .collect(),
        }
    }
}
