//! The plans on offer side by side, and the confirmation step of a change. Each plan's button and the
//! confirmation's wording come from the service's preview of that change (`PlanChangeKind`, the amount due
//! now, the date it applies), never from comparing prices here.

use crate::{
    api::billing::{
        ChangePlan, CurrentSubscription, Plan, PlanChangeKind, PlanChangePreview,
        SubscriptionOverview,
    },
    ui::components::format,
};
use leptos::{either::Either, prelude::*};
use leptos_router::components::A;

/// The address of the confirmation step for a plan.
fn confirm_href(plan_id: &str) -> String {
    format!("/subscription?change={}", urlencoding::encode(plan_id))
}

#[component]
pub fn PlanChoices(
    overview: SubscriptionOverview,
    previews: Vec<PlanChangePreview>,
) -> impl IntoView {
    let none_on_offer = overview.available_plans.is_empty();
    let options = overview
        .available_plans
        .into_iter()
        .map(|plan| {
            let preview = previews.iter().find(|p| p.plan_id == plan.id).cloned();
            view! { <PlanOption plan preview/> }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="plans-heading">
            <h2 id="plans-heading">"Plans"</h2>
            {if none_on_offer {
                Either::Left(view! { <p class="empty">"No plans are on offer right now."</p> })
            } else {
                Either::Right(view! { <ul class="plan-grid">{options}</ul> })
            }}
        </section>
    }
}

#[component]
fn PlanOption(plan: Plan, preview: Option<PlanChangePreview>) -> impl IntoView {
    let quotas = [
        ("Calls", plan.quotas.calls),
        ("Call minutes", plan.quotas.call_minutes),
        ("Agents", plan.quotas.agents),
        ("Tokens", plan.quotas.tokens),
    ];
    let locale = crate::ui::locale::current();
    let kind = preview.as_ref().map(|p| p.kind);
    let action = match preview.as_ref() {
        Some(p) if p.kind.is_change() => {
            let label = match p.kind {
                PlanChangeKind::Upgrade => format!("Upgrade to {}", plan.name),
                PlanChangeKind::Downgrade => format!("Downgrade to {}", plan.name),
                PlanChangeKind::KeepCurrent => format!("Keep {}", plan.name),
                PlanChangeKind::Switch => format!("Switch to {}", plan.name),
                _ => format!("Choose {}", plan.name),
            };
            Either::Left(view! {
                <A href=confirm_href(&plan.id) attr:class="button primary compact">{label}</A>
            })
        }
        // Not a change: say why, in the service's words.
        other => {
            let badge = match other.map(|p| p.kind) {
                Some(PlanChangeKind::Current) => "Your plan",
                Some(PlanChangeKind::Pending) => "Coming next",
                _ => "Not available",
            };
            // "You are already on this plan" says again what the badge says.
            let detail = other
                .filter(|p| p.kind != PlanChangeKind::Current)
                .and_then(|p| p.detail.clone());
            Either::Right(view! {
                <span class="badge">{badge}</span>
                <p class="muted small">{detail}</p>
            })
        }
    };
    view! {
        <li
            class="plan-option"
            class:current=kind == Some(PlanChangeKind::Current) || kind == Some(PlanChangeKind::KeepCurrent)
            data-testid=format!("plan-{}", plan.code)
        >
            <h3>{plan.name.clone()}</h3>
            <p class="plan-price">{format::price(locale, plan.price, &plan.currency, &plan.interval)}</p>
            <ul class="features">
                {plan.features.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
            <dl class="quota-list">
                {quotas
                    .into_iter()
                    .map(|(name, quota)| view! {
                        <dt>{name}</dt>
                        <dd>{quota.map_or("Unlimited".to_owned(), |q| format::count(locale, q))}</dd>
                    })
                    .collect_view()}
            </dl>
            <div class="plan-action">{action}</div>
        </li>
    }
}

/// The confirmation step: what confirming will do and cost, in the service's own terms, and the form.
#[component]
pub fn ConfirmChange(
    plan_id: String,
    overview: SubscriptionOverview,
    previews: Vec<PlanChangePreview>,
    action: ServerAction<ChangePlan>,
) -> impl IntoView {
    let plan = overview
        .available_plans
        .iter()
        .find(|p| p.id == plan_id)
        .cloned();
    let preview = previews.into_iter().find(|p| p.plan_id == plan_id);
    let (Some(plan), Some(preview)) = (plan, preview) else {
        return Either::Left(view! {
            <section class="card confirm" aria-labelledby="confirm-heading" data-testid="confirm-change">
                <h2 id="confirm-heading">"That plan is not on offer"</h2>
                <a href="/subscription">"Back to your subscription"</a>
            </section>
        });
    };
    let current = overview.current_subscription;
    let (heading, confirm) = match preview.kind {
        PlanChangeKind::Start => (format!("Subscribe to {}?", plan.name), "Confirm and pay"),
        PlanChangeKind::Upgrade => (format!("Upgrade to {}?", plan.name), "Confirm upgrade"),
        PlanChangeKind::Downgrade => (format!("Downgrade to {}?", plan.name), "Confirm downgrade"),
        PlanChangeKind::Switch => (format!("Switch to {}?", plan.name), "Confirm switch"),
        PlanChangeKind::KeepCurrent => (format!("Keep {}?", plan.name), "Keep this plan"),
        PlanChangeKind::Current | PlanChangeKind::Pending | PlanChangeKind::Unavailable => {
            (plan.name.clone(), "")
        }
    };
    let explanation = explain(&preview, &plan, current.as_ref());
    let form = preview.kind.is_change().then(|| {
        let pending = action.pending();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="plan_id" value=plan.id.clone()/>
                <button type="submit" class="button primary compact" disabled=move || pending.get()>
                    {confirm}
                </button>
            </ActionForm>
        }
    });
    Either::Right(view! {
        <section class="card confirm" aria-labelledby="confirm-heading" data-testid="confirm-change">
            <h2 id="confirm-heading">{heading}</h2>
            {explanation.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            <div class="confirm-actions">
                {form}
                <a href="/subscription" class="button ghost">
                    {if preview.kind.is_change() { "Go back" } else { "Back to your subscription" }}
                </a>
            </div>
        </section>
    })
}

/// The confirmation's sentences for one preview.
fn explain(
    preview: &PlanChangePreview,
    plan: &Plan,
    current: Option<&CurrentSubscription>,
) -> Vec<String> {
    let locale = crate::ui::locale::current();
    let due = format::money(locale, preview.amount_due_now, &preview.currency);
    let renews = format::price(locale, plan.price, &plan.currency, &plan.interval);
    let current_name = current.map_or("your plan", |c| c.plan.name.as_str());
    match preview.kind {
        PlanChangeKind::Start => vec![
            format!(
                "You will be charged {due} now for the first {}.",
                plan.interval
            ),
            format!("The plan then renews at {renews} until you cancel."),
        ],
        PlanChangeKind::Upgrade => {
            let mut lines = vec![format!(
                "{} applies now. You will be charged now, prorated: {due}.",
                plan.name
            )];
            lines.extend(preview.detail.as_ref().map(|d| format!("{d}.")));
            if let Some(c) = current {
                lines.push(format!(
                    "From {} the plan renews at {renews}.",
                    format::date(locale, &c.current_period_end)
                ));
            }
            lines
        }
        PlanChangeKind::Downgrade => {
            let on = preview
                .effective_at
                .as_deref()
                .map_or("the end of your current period".to_owned(), |d| {
                    format::date(locale, d)
                });
            vec![
                format!("The change applies on {on}, at the end of your current period. Nothing is charged now."),
                format!("Until then you keep {current_name}; from then the plan renews at {renews}."),
            ]
        }
        PlanChangeKind::Switch => vec![format!(
            "{} applies now. Nothing is charged now; the plan renews at {renews}.",
            plan.name
        )],
        PlanChangeKind::KeepCurrent => {
            let next = current
                .and_then(|c| c.pending_plan.as_ref())
                .map_or("another plan", |p| p.name.as_str());
            vec![format!(
                "You stay on {} and the move to {next} at the end of this period is called off. Nothing is charged now.",
                plan.name
            )]
        }
        PlanChangeKind::Current | PlanChangeKind::Pending | PlanChangeKind::Unavailable => {
            preview.detail.clone().into_iter().collect()
        }
    }
}
