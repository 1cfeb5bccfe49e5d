//! The plans on offer side by side, and the confirmation step of a change. Each plan's button and the
//! confirmation's wording come from the service's preview of that change (`PlanChangeKind`, the amount due
//! now, the date it applies), never from comparing prices here.

use super::plan::Quota;
use crate::{
    api::billing::{
        ChangePlan, CurrentSubscription, Plan, PlanChangeKind, PlanChangePreview,
        SubscriptionOverview,
    },
    ui::{
        components::format,
        i18n::{t, td_string, use_i18n},
        locale::{fill, Locale},
    },
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
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="plans-heading">
            <h2 id="plans-heading">{t!(i18n, subscription.plans.heading)}</h2>
            {if none_on_offer {
                Either::Left(view! { <p class="empty">{t!(i18n, subscription.plans.none)}</p> })
            } else {
                Either::Right(view! { <ul class="plan-grid">{options}</ul> })
            }}
        </section>
    }
}

#[component]
fn PlanOption(plan: Plan, preview: Option<PlanChangePreview>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let quotas = [
        (Quota::Calls, plan.quotas.calls),
        (Quota::Minutes, plan.quotas.call_minutes),
        (Quota::Agents, plan.quotas.agents),
        (Quota::Tokens, plan.quotas.tokens),
    ];
    let kind = preview.as_ref().map(|p| p.kind);
    let action = match preview.as_ref() {
        Some(p) if p.kind.is_change() => {
            let change = p.kind;
            let name = plan.name.clone();
            let label = move || {
                let l = locale();
                let template = match change {
                    PlanChangeKind::Upgrade => td_string!(l, subscription.plans.upgrade),
                    PlanChangeKind::Downgrade => td_string!(l, subscription.plans.downgrade),
                    PlanChangeKind::KeepCurrent => td_string!(l, subscription.plans.keep),
                    PlanChangeKind::Switch => td_string!(l, subscription.plans.switch),
                    _ => td_string!(l, subscription.plans.choose),
                };
                fill(template, &[("plan", &name)])
            };
            Either::Left(view! {
                <A href=confirm_href(&plan.id) attr:class="button primary compact">{label}</A>
            })
        }
        // Not a change: say why, in the service's words.
        other => {
            let badge = match other.map(|p| p.kind) {
                Some(PlanChangeKind::Current) => t!(i18n, subscription.plans.yours).into_any(),
                Some(PlanChangeKind::Pending) => t!(i18n, subscription.plans.next).into_any(),
                _ => t!(i18n, subscription.plans.unavailable).into_any(),
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
    let (price, currency, interval) = (plan.price, plan.currency.clone(), plan.interval.clone());
    view! {
        <li
            class="plan-option"
            class:current=kind == Some(PlanChangeKind::Current) || kind == Some(PlanChangeKind::KeepCurrent)
            data-testid=format!("plan-{}", plan.code)
        >
            <h3>{plan.name.clone()}</h3>
            <p class="plan-price">{move || format::price(locale(), price, &currency, &interval)}</p>
            <ul class="features">
                {plan.features.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
            <dl class="quota-list">
                {quotas
                    .into_iter()
                    .map(|(kind, quota)| view! {
                        <dt>{move || kind.label(locale())}</dt>
                        <dd>{move || {
                            let l = locale();
                            quota.map_or(td_string!(l, subscription.quota.unlimited).to_owned(), |q| format::count(l, q))
                        }}</dd>
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
    let i18n = use_i18n();
    let plan = overview
        .available_plans
        .iter()
        .find(|p| p.id == plan_id)
        .cloned();
    let preview = previews.into_iter().find(|p| p.plan_id == plan_id);
    let (Some(plan), Some(preview)) = (plan, preview) else {
        return Either::Left(view! {
            <section class="card confirm" aria-labelledby="confirm-heading" data-testid="confirm-change">
                <h2 id="confirm-heading">{t!(i18n, subscription.confirm.not_on_offer)}</h2>
                <a href="/subscription">{t!(i18n, subscription.confirm.back)}</a>
            </section>
        });
    };
    let current = overview.current_subscription;
    let kind = preview.kind;
    let name = plan.name.clone();
    let heading = move || {
        let l = i18n.get_locale();
        let template = match kind {
            PlanChangeKind::Start => td_string!(l, subscription.confirm.start_q),
            PlanChangeKind::Upgrade => td_string!(l, subscription.confirm.upgrade_q),
            PlanChangeKind::Downgrade => td_string!(l, subscription.confirm.downgrade_q),
            PlanChangeKind::Switch => td_string!(l, subscription.confirm.switch_q),
            PlanChangeKind::KeepCurrent => td_string!(l, subscription.confirm.keep_q),
            PlanChangeKind::Current | PlanChangeKind::Pending | PlanChangeKind::Unavailable => {
                return name.clone();
            }
        };
        fill(template, &[("plan", &name)])
    };
    let confirm = move || {
        let l = i18n.get_locale();
        match kind {
            PlanChangeKind::Start => td_string!(l, subscription.confirm.start),
            PlanChangeKind::Upgrade => td_string!(l, subscription.confirm.upgrade),
            PlanChangeKind::Downgrade => td_string!(l, subscription.confirm.downgrade),
            PlanChangeKind::Switch => td_string!(l, subscription.confirm.switch),
            PlanChangeKind::KeepCurrent => td_string!(l, subscription.confirm.keep),
            PlanChangeKind::Current | PlanChangeKind::Pending | PlanChangeKind::Unavailable => "",
        }
    };
    let form = kind.is_change().then(|| {
        let pending = action.pending();
        let id = plan.id.clone();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="plan_id" value=id/>
                <button type="submit" class="button primary compact" disabled=move || pending.get()>
                    {confirm}
                </button>
            </ActionForm>
        }
    });
    let explanation = move || {
        explain(i18n.get_locale(), &preview, &plan, current.as_ref())
            .into_iter()
            .map(|line| view! { <p>{line}</p> })
            .collect_view()
    };
    Either::Right(view! {
        <section class="card confirm" aria-labelledby="confirm-heading" data-testid="confirm-change">
            <h2 id="confirm-heading">{heading}</h2>
            {explanation}
            <div class="confirm-actions">
                {form}
                <a href="/subscription" class="button ghost">
                    {if kind.is_change() {
                        t!(i18n, subscription.confirm.go_back).into_any()
                    } else {
                        t!(i18n, subscription.confirm.back).into_any()
                    }}
                </a>
            </div>
        </section>
    })
}

/// The confirmation's sentences for one preview. The service's own detail (an upgrade's proration as the
/// invoice will word it, or why a plan cannot be chosen) is shown as it comes, like other server messages.
fn explain(
    locale: Locale,
    preview: &PlanChangePreview,
    plan: &Plan,
    current: Option<&CurrentSubscription>,
) -> Vec<String> {
    let due = format::money(locale, preview.amount_due_now, &preview.currency);
    let price = format::price(locale, plan.price, &plan.currency, &plan.interval);
    match preview.kind {
        PlanChangeKind::Start => vec![
            fill(
                td_string!(locale, subscription.confirm.start_charge),
                &[
                    ("due", &due),
                    ("interval", &format::interval(locale, &plan.interval)),
                ],
            ),
            fill(
                td_string!(locale, subscription.confirm.start_renews),
                &[("price", &price)],
            ),
        ],
        PlanChangeKind::Upgrade => {
            let mut lines = vec![fill(
                td_string!(locale, subscription.confirm.upgrade_now),
                &[("plan", &plan.name), ("due", &due)],
            )];
            lines.extend(preview.detail.as_ref().map(|d| format!("{d}.")));
            if let Some(c) = current {
                lines.push(fill(
                    td_string!(locale, subscription.confirm.upgrade_from),
                    &[
                        ("date", &format::date(locale, &c.current_period_end)),
                        ("price", &price),
                    ],
                ));
            }
            lines
        }
        PlanChangeKind::Downgrade => {
            let on = preview.effective_at.as_deref().map_or_else(
                || td_string!(locale, subscription.confirm.period_end).to_owned(),
                |d| format::date(locale, d),
            );
            let kept = current.map_or_else(
                || td_string!(locale, subscription.confirm.your_plan).to_owned(),
                |c| c.plan.name.clone(),
            );
            vec![
                fill(
                    td_string!(locale, subscription.confirm.downgrade_on),
                    &[("date", &on)],
                ),
                fill(
                    td_string!(locale, subscription.confirm.downgrade_until),
                    &[("plan", &kept), ("price", &price)],
                ),
            ]
        }
        PlanChangeKind::Switch => vec![fill(
            td_string!(locale, subscription.confirm.switch_now),
            &[("plan", &plan.name), ("price", &price)],
        )],
        PlanChangeKind::KeepCurrent => {
            let next = current.and_then(|c| c.pending_plan.as_ref()).map_or_else(
                || td_string!(locale, subscription.confirm.another_plan).to_owned(),
                |p| p.name.clone(),
            );
            vec![fill(
                td_string!(locale, subscription.confirm.keep_stay),
                &[("plan", &plan.name), ("next", &next)],
            )]
        }
        PlanChangeKind::Current | PlanChangeKind::Pending | PlanChangeKind::Unavailable => {
            preview.detail.clone().into_iter().collect()
        }
    }
}
