//! The plan catalogue: the three default plans, written down once for the server and the demo seed.

use super::money::to_major;
use crate::{
    api::billing::{Plan, Quotas},
    server::db::{self, billing::PlanRow, Db, Tx},
};

/// A plan of the default catalogue. Prices in cents; `None` quotas are unlimited.
pub struct DefaultPlan {
    pub code: &'static str,
    pub name: &'static str,
    pub price_minor: i64,
    pub features: &'static [&'static str],
    pub quotas: Quotas,
}

pub const DEFAULT_PLANS: [DefaultPlan; 3] = [
    DefaultPlan {
        code: "starter",
        name: "Starter",
        price_minor: 900,
        features: &["100 calls a month", "AI assistance"],
        quotas: Quotas {
            calls: Some(100),
            call_minutes: Some(500),
            agents: Some(1),
            tokens: Some(200_000),
        },
    },
    DefaultPlan {
        code: "professional",
        name: "Professional",
        price_minor: 2999,
        features: &["Unlimited calls", "AI assistance", "Call recording"],
        quotas: Quotas {
            calls: None,
            call_minutes: Some(3000),
            agents: Some(5),
            tokens: Some(2_000_000),
        },
    },
    DefaultPlan {
        code: "business",
        name: "Business",
        price_minor: 9900,
        features: &[
            "Unlimited calls",
            "AI assistance",
            "Call recording",
            "Priority support",
        ],
        quotas: Quotas {
            calls: None,
            call_minutes: None,
            agents: Some(25),
            tokens: Some(10_000_000),
        },
    },
];

/// Gives a server with an empty catalogue the default plans; called at every start-up.
///
/// Why at start-up and not in a migration: the list lives here, in Rust, beside the rules that read it and
/// shared with the demo seed, instead of a second copy in each dialect's SQL. Why only when the table is
/// empty: an operator who edits, retires or deletes plans must not see the defaults come back on the next
/// restart. Nodes starting together are harmless: inserts skip codes that exist (`ON CONFLICT`).
pub async fn seed_default_plans(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    if db::billing::count_plans(&mut tx).await? == 0 {
        ensure_default_plans(&mut tx).await?;
        tracing::info!("seeded the default plans");
    }
    tx.commit().await
}

/// Makes sure every default plan exists (whatever else the catalogue holds); returns `(code, id)` of each.
pub async fn ensure_default_plans(tx: &mut Tx) -> Result<Vec<(&'static str, String)>, sqlx::Error> {
    let mut ids = Vec::with_capacity(DEFAULT_PLANS.len());
    for (order, plan) in DEFAULT_PLANS.iter().enumerate() {
        let id = db::billing::ensure_plan(
            tx,
            &db::billing::NewPlan {
                id: &db::new_id(),
                code: plan.code,
                name: plan.name,
                price_minor: plan.price_minor,
                features: plan.features,
                quota_calls: plan.quotas.calls,
                quota_call_minutes: plan.quotas.call_minutes,
                quota_agents: plan.quotas.agents,
                quota_tokens: plan.quotas.tokens,
                sort_order: i32::try_from(order).unwrap_or(i32::MAX),
            },
        )
        .await?;
        ids.push((plan.code, id));
    }
    Ok(ids)
}

pub fn quotas(row: &PlanRow) -> Quotas {
    Quotas {
        calls: row.quota_calls,
        call_minutes: row.quota_call_minutes,
        agents: row.quota_agents,
        tokens: row.quota_tokens,
    }
}

impl From<&PlanRow> for Plan {
    fn from(row: &PlanRow) -> Self {
        Plan {
            id: row.id.clone(),
            code: row.code.clone(),
            name: row.name.clone(),
            price: to_major(row.price_minor),
            currency: row.currency.clone(),
            interval: row.billing_interval.clone(),
            // Written by us as a JSON array; a hand-edited row that is not one shows no features rather
            // than failing the whole page.
            features: serde_json::from_str(&row.features).unwrap_or_default(),
            quotas: quotas(row),
        }
    }
}
