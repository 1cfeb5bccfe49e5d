//! A subscription's life: it starts, changes plan (an upgrade now, a downgrade at the period end), is
//! cancelled or resumed, and renews.
//!
//! No scheduler wakes at period ends. Every read or write of a subscription first calls `settle`, which rolls
//! each ended period forward — applying a pending downgrade, billing the renewal, or ending a cancelled
//! subscription — so what anyone sees is what a punctual scheduler would have produced, with no background
//! job to run and keep alive.

use super::{
    changes::{decide, Decision, UpgradeTerms},
    money, periods,
    provider::{BillingProvider, ChargeRequest},
    view,
};
use crate::{
    api::{
        billing::{ChangePlanResponse, Proration, SubscriptionOverview},
        ErrorCode,
    },
    server::{
        db::{
            self,
            billing::{LineItemRow, PlanRow, SubscriptionRow},
            Tx,
        },
        AppError, AppState,
    },
};

const ACTIVE: &str = "active";
const PAST_DUE: &str = "past_due";
const CANCELED: &str = "canceled";

/// A subscription that has not ended. An ended one keeps its row (until the user subscribes again) but is
/// nobody's current plan.
pub(super) fn is_current(s: &SubscriptionRow) -> bool {
    s.status != CANCELED
}

/// The period is over and `settle` has work to do.
pub(super) fn is_due(s: &SubscriptionRow, now: i64) -> bool {
    is_current(s) && s.current_period_end <= now
}

/// Starts a billing transaction for the user (see `db::billing::lock_user`).
pub(super) async fn begin(state: &AppState, user_id: &str) -> Result<Tx, AppError> {
    let mut tx = state.db.begin().await?;
    if !db::billing::lock_user(&mut tx, user_id).await? {
        // The account was deleted while this request was on its way.
        return Err(AppError::unauthorized());
    }
    Ok(tx)
}

/// Brings the user's subscription up to `now` and returns it as it then stands: the one function through
/// which ended periods roll forward. Call it inside `begin`'s transaction.
pub(super) async fn settle(
    tx: &mut Tx,
    provider: &dyn BillingProvider,
    user_id: &str,
    now: i64,
) -> Result<Option<SubscriptionRow>, AppError> {
    let Some(mut s) = db::billing::subscription_in(tx, user_id).await? else {
        return Ok(None);
    };
    if !is_due(&s, now) {
        return Ok(Some(s));
    }
    // One turn per ended period: a user back after three months gets three renewals, as if billed on time.
    while is_due(&s, now) {
        if s.cancel_at_period_end {
            s.status = CANCELED.into();
            s.pending_plan_id = None;
            break;
        }
        if let Some(next) = s.pending_plan_id.take() {
            s.plan_id = next;
        }
        let plan = plan_of(tx, &s.plan_id).await?;
        let start = s.current_period_end;
        let end = periods::next_period_end(s.created_at, start, months_of(&plan)?)
            .ok_or_else(|| AppError::internal("a renewal period beyond the calendar"))?;
        let renewal = Bill {
            amount_minor: plan.price_minor,
            currency: &plan.currency,
            period: (start, end),
            lines: vec![line(
                format!("{} plan, renewal", plan.name),
                plan.price_minor,
            )],
            description: format!("{} plan renewal", plan.name),
        };
        let paid = bill(tx, provider, user_id, renewal, now).await?;
        // A declined renewal keeps the service going while the invoice stays open (dunning is the
        // provider's business); the status tells the user to act.
        s.status = if paid { ACTIVE } else { PAST_DUE }.into();
        s.current_period_start = start;
        s.current_period_end = end;
    }
    Ok(Some(save(tx, s, now).await?))
}

/// Subscribes to `plan_id`, or moves the current subscription to it.
pub async fn change_plan(
    state: &AppState,
    user_id: &str,
    plan_id: &str,
) -> Result<ChangePlanResponse, AppError> {
    let now = db::now_ms();
    let mut tx = begin(state, user_id).await?;
    let target = db::billing::plan(&mut tx, plan_id.trim())
        .await?
        .filter(|p| p.active)
        .ok_or_else(|| AppError::not_found("The plan"))?;
    let provider = state.billing.as_ref();
    let current = settle(&mut tx, provider, user_id, now)
        .await?
        .filter(is_current);
    let (subscription, proration) = match current {
        None => (start(&mut tx, provider, user_id, &target, now).await?, None),
        Some(s) => switch(&mut tx, provider, s, &target, now).await?,
    };
    tx.commit().await?;
    Ok(ChangePlanResponse {
        overview: view(state, user_id, Some(subscription), now).await?,
        proration,
    })
}

/// The subscription ends at the period end instead of renewing.
pub async fn cancel(state: &AppState, user_id: &str) -> Result<SubscriptionOverview, AppError> {
    set_cancel_at_period_end(state, user_id, true).await
}

/// Takes back a cancellation that has not taken effect yet.
pub async fn resume(state: &AppState, user_id: &str) -> Result<SubscriptionOverview, AppError> {
    set_cancel_at_period_end(state, user_id, false).await
}

async fn set_cancel_at_period_end(
    state: &AppState,
    user_id: &str,
    cancel: bool,
) -> Result<SubscriptionOverview, AppError> {
    let now = db::now_ms();
    let mut tx = begin(state, user_id).await?;
    let mut s = settle(&mut tx, state.billing.as_ref(), user_id, now)
        .await?
        .filter(is_current)
        .ok_or_else(|| AppError::new(ErrorCode::BadRequest, "You have no subscription."))?;
    if !cancel && !s.cancel_at_period_end {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            "Your subscription is not being cancelled, so there is nothing to resume.",
        ));
    }
    // Cancelling twice is the same as once: a retried request must not fail.
    s.cancel_at_period_end = cancel;
    let s = save(&mut tx, s, now).await?;
    tx.commit().await?;
    view(state, user_id, Some(s), now).await
}

/// A first subscription (or one after the last has ended): starts now, billed in full.
async fn start(
    tx: &mut Tx,
    provider: &dyn BillingProvider,
    user_id: &str,
    plan: &PlanRow,
    now: i64,
) -> Result<SubscriptionRow, AppError> {
    let end = periods::add_months(now, months_of(plan)?)
        .ok_or_else(|| AppError::internal("a period beyond the calendar"))?;
    // The ended subscription's row gives way: the new one has its own start, from which periods count.
    db::billing::delete_subscription(tx, user_id).await?;
    let s = SubscriptionRow {
        id: db::new_id(),
        user_id: user_id.to_owned(),
        plan_id: plan.id.clone(),
        status: ACTIVE.into(),
        current_period_start: now,
        current_period_end: end,
        cancel_at_period_end: false,
        pending_plan_id: None,
        created_at: now,
        updated_at: now,
    };
    db::billing::insert_subscription(tx, &s.id, user_id, &plan.id, (now, end), now).await?;
    db::freshness::bump_in(tx, user_id).await?;
    let first = Bill {
        amount_minor: plan.price_minor,
        currency: &plan.currency,
        period: (now, end),
        lines: vec![line(format!("{} plan", plan.name), plan.price_minor)],
        description: format!("{} plan", plan.name),
    };
    if !bill(tx, provider, user_id, first, now).await? {
        return Err(declined());
    }
    Ok(s)
}

/// Moves a current subscription to `target`, as `changes::decide` says: a cheaper plan waits for the period
/// end, any other applies now and bills the difference for the rest of the period.
async fn switch(
    tx: &mut Tx,
    provider: &dyn BillingProvider,
    mut s: SubscriptionRow,
    target: &PlanRow,
    now: i64,
) -> Result<(SubscriptionRow, Option<Proration>), AppError> {
    let current = plan_of(tx, &s.plan_id).await?;
    let proration = match decide(&s, &current, target, now) {
        Decision::Refused(_, error) => return Err(error),
        Decision::KeepCurrent => {
            s.pending_plan_id = None;
            return Ok((save(tx, s, now).await?, None));
        }
        Decision::Downgrade => {
            s.pending_plan_id = Some(target.id.clone());
            return Ok((save(tx, s, now).await?, None));
        }
        Decision::Switch => None,
        Decision::Upgrade(terms) => {
            Some(upgrade(tx, provider, &s, &current, target, terms, now).await?)
        }
    };
    s.plan_id = target.id.clone();
    s.pending_plan_id = None;
    Ok((save(tx, s, now).await?, proration))
}

/// Bills an upgrade for the rest of the period.
async fn upgrade(
    tx: &mut Tx,
    provider: &dyn BillingProvider,
    s: &SubscriptionRow,
    from: &PlanRow,
    to: &PlanRow,
    terms: UpgradeTerms,
    now: i64,
) -> Result<Proration, AppError> {
    let UpgradeTerms {
        proration: p,
        days_left: left,
        days_in_period: of,
        description,
    } = terms;
    if p.total > 0 {
        let invoice = Bill {
            amount_minor: p.total,
            currency: &to.currency,
            period: (now, s.current_period_end),
            lines: vec![
                line(
                    format!("{} plan, remaining {left} of {of} days", to.name),
                    p.charge,
                ),
                line(format!("Unused time on the {} plan", from.name), -p.credit),
            ],
            description: description.clone(),
        };
        if !bill(tx, provider, &s.user_id, invoice, now).await? {
            return Err(declined());
        }
    }
    Ok(Proration {
        amount: money::to_major(p.total),
        currency: to.currency.clone(),
        description,
    })
}

async fn save(tx: &mut Tx, mut s: SubscriptionRow, now: i64) -> Result<SubscriptionRow, AppError> {
    s.updated_at = now;
    db::billing::update_subscription(tx, &s).await?;
    // The main dashboard shows the plan and days left: its cached copy must not outlive this change.
    db::freshness::bump_in(tx, &s.user_id).await?;
    Ok(s)
}

struct Bill<'a> {
    amount_minor: i64,
    currency: &'a str,
    period: (i64, i64),
    lines: Vec<LineItemRow>,
    description: String,
}

fn line(description: String, amount_minor: i64) -> LineItemRow {
    LineItemRow {
        description,
        amount_minor,
    }
}

/// Issues an invoice and charges it to the default card through the provider; returns whether it was paid.
async fn bill(
    tx: &mut Tx,
    provider: &dyn BillingProvider,
    user_id: &str,
    bill: Bill<'_>,
    now: i64,
) -> Result<bool, AppError> {
    let id = db::new_id();
    let number = invoice_number(tx).await?;
    let card = db::billing::default_payment_method(tx, user_id).await?;
    // Charged inside the transaction: if the charge fails nothing is recorded, and if the commit fails the
    // provider, given the invoice id as idempotency key, charges a retry only once.
    let charge = provider
        .charge(ChargeRequest {
            user_id,
            card: card.as_ref().and_then(|c| c.provider_ref.as_deref()),
            amount_minor: bill.amount_minor,
            currency: bill.currency,
            description: &bill.description,
            idempotency_key: &id,
        })
        .await?;
    db::billing::insert_invoice(
        tx,
        &db::billing::NewInvoice {
            id: &id,
            user_id,
            number: &number,
            amount_minor: bill.amount_minor,
            currency: bill.currency,
            status: if charge.paid { "paid" } else { "open" },
            period: bill.period,
            line_items: &bill.lines,
            issued_at: now,
            provider_ref: Some(&charge.reference),
        },
    )
    .await?;
    Ok(charge.paid)
}

/// The next invoice number, `INV-000001` onwards.
pub async fn invoice_number(tx: &mut Tx) -> Result<String, sqlx::Error> {
    Ok(format!(
        "INV-{:06}",
        db::billing::next_invoice_number(tx).await?
    ))
}

async fn plan_of(tx: &mut Tx, id: &str) -> Result<PlanRow, AppError> {
    db::billing::plan(tx, id)
        .await?
        .ok_or_else(|| AppError::internal(format!("subscription on missing plan {id}")))
}

fn months_of(plan: &PlanRow) -> Result<i32, AppError> {
    periods::months_in(&plan.billing_interval).ok_or_else(|| {
        AppError::internal(format!(
            "plan {} has interval {}",
            plan.code, plan.billing_interval
        ))
    })
}

fn declined() -> AppError {
    AppError::new(
        ErrorCode::BadRequest,
        "Your card was declined. Add another card or make a different card the default.",
    )
}
