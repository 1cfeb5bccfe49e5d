//! What choosing a plan does to a current subscription, decided once: `change_plan` acts on the decision and
//! `preview_changes` shows it, so the confirmation a user reads ("charged now, prorated: $46.01") is worked
//! out by the same rule and the same arithmetic as the charge that follows.

use super::{money, periods, settled, subscription::is_current};
use crate::{
    api::billing::{PlanChangeKind, PlanChangePreview},
    server::{
        db::{
            self,
            billing::{PlanRow, SubscriptionRow},
        },
        AppError, AppState,
    },
};

/// What moving a current subscription from `current` to a target plan means.
pub(super) enum Decision {
    /// The target is one's own plan while a downgrade waits: keep the plan, drop the downgrade.
    KeepCurrent,
    /// Cheaper: the target waits for the period end.
    Downgrade,
    /// The same price: applies now, nothing billed.
    Switch,
    /// Dearer: applies now; the difference for the rest of the period is billed now.
    Upgrade(UpgradeTerms),
    /// Refused: one's own plan (`Current`), the waiting downgrade's (`Pending`), or a plan that cannot be
    /// prorated against the current one (`Unavailable`).
    Refused(PlanChangeKind, AppError),
}

/// An upgrade's bill for the rest of the period.
pub(super) struct UpgradeTerms {
    pub proration: money::Proration,
    /// Whole days left in the period, and its length, for the invoice lines.
    pub days_left: i64,
    pub days_in_period: i64,
    pub description: String,
}

pub(super) fn decide(
    s: &SubscriptionRow,
    current: &PlanRow,
    target: &PlanRow,
    now: i64,
) -> Decision {
    if target.id == s.plan_id {
        return match s.pending_plan_id {
            // Choosing one's own plan while a downgrade waits means "keep my plan".
            Some(_) => Decision::KeepCurrent,
            None => Decision::Refused(
                PlanChangeKind::Current,
                AppError::field(
                    "plan_id",
                    format!("You are already on the {} plan.", target.name),
                ),
            ),
        };
    }
    if s.pending_plan_id.as_deref() == Some(target.id.as_str()) {
        return Decision::Refused(
            PlanChangeKind::Pending,
            AppError::field(
                "plan_id",
                format!(
                    "You move to the {} plan when this period ends.",
                    target.name
                ),
            ),
        );
    }
    // Proration compares two prices over one period; across currencies or period lengths it means nothing.
    if target.currency != current.currency || target.billing_interval != current.billing_interval {
        return Decision::Refused(
            PlanChangeKind::Unavailable,
            AppError::field(
                "plan_id",
                "This plan is billed in another currency or interval. Cancel, and choose it when your period ends.",
            ),
        );
    }
    match target.price_minor.cmp(&current.price_minor) {
        std::cmp::Ordering::Less => Decision::Downgrade,
        std::cmp::Ordering::Equal => Decision::Switch,
        std::cmp::Ordering::Greater => Decision::Upgrade(upgrade_terms(s, current, target, now)),
    }
}

fn upgrade_terms(s: &SubscriptionRow, from: &PlanRow, to: &PlanRow, now: i64) -> UpgradeTerms {
    let (start, end) = (s.current_period_start, s.current_period_end);
    let proration = money::prorate(from.price_minor, to.price_minor, end - now, end - start);
    let days = |ms: i64| (ms + periods::DAY_MS / 2) / periods::DAY_MS;
    let (days_left, days_in_period) = (days(end - now), days(end - start));
    UpgradeTerms {
        proration,
        days_left,
        days_in_period,
        description: format!(
            "Upgrade from {} to {} for the remaining {days_left} of {days_in_period} days",
            from.name, to.name
        ),
    }
}

/// `change_plan` without the change: for each plan on offer, what choosing it now would do and cost.
pub async fn preview_changes(
    state: &AppState,
    user_id: &str,
) -> Result<Vec<PlanChangePreview>, AppError> {
    let now = db::now_ms();
    let subscription = settled(state, user_id, now).await?.filter(is_current);
    let plans = db::billing::plans(&state.db).await?;
    let current = match &subscription {
        Some(s) => Some(plans.iter().find(|p| p.id == s.plan_id).ok_or_else(|| {
            AppError::internal(format!("subscription on missing plan {}", s.plan_id))
        })?),
        None => None,
    };
    Ok(plans
        .iter()
        .filter(|p| p.active)
        .map(|target| match (&subscription, current) {
            (Some(s), Some(current)) => preview(s, current, target, now),
            _ => PlanChangePreview {
                plan_id: target.id.clone(),
                kind: PlanChangeKind::Start,
                amount_due_now: money::to_major(target.price_minor),
                currency: target.currency.clone(),
                effective_at: None,
                detail: None,
            },
        })
        .collect())
}

fn preview(
    s: &SubscriptionRow,
    current: &PlanRow,
    target: &PlanRow,
    now: i64,
) -> PlanChangePreview {
    let mut preview = PlanChangePreview {
        plan_id: target.id.clone(),
        kind: PlanChangeKind::Switch,
        amount_due_now: 0.0,
        currency: target.currency.clone(),
        effective_at: None,
        detail: None,
    };
    match decide(s, current, target, now) {
        Decision::KeepCurrent => preview.kind = PlanChangeKind::KeepCurrent,
        Decision::Switch => {}
        Decision::Downgrade => {
            preview.kind = PlanChangeKind::Downgrade;
            preview.effective_at = Some(db::rfc3339(s.current_period_end));
        }
        Decision::Upgrade(terms) => {
            preview.kind = PlanChangeKind::Upgrade;
            preview.amount_due_now = money::to_major(terms.proration.total);
            preview.detail = Some(terms.description);
        }
        Decision::Refused(kind, error) => {
            preview.kind = kind;
            let error = error.to_api();
            preview.detail = Some(
                error
                    .field("plan_id")
                    .map_or(error.message.clone(), str::to_owned),
            );
        }
    }
    preview
}
