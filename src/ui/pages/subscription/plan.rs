//! The current plan (with cancel and resume) and this period's usage against the plan's quotas.

use super::PlanActions;
use crate::{
    api::billing::{CurrentSubscription, SubscriptionOverview, Usage},
    ui::components::format,
};
use leptos::{either::Either, prelude::*};

#[component]
pub fn CurrentPlan(overview: SubscriptionOverview, actions: PlanActions) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="plan-heading" data-testid="current-plan">
            <h2 id="plan-heading">"Current plan"</h2>
            {match overview.current_subscription {
                Some(current) => Either::Left(view! { <PlanFacts current actions/> }),
                None => Either::Right(view! {
                    <p class="empty" data-testid="no-plan">"You have no plan. Choose one below to start."</p>
                }),
            }}
        </section>
    }
}

#[component]
fn PlanFacts(current: CurrentSubscription, actions: PlanActions) -> impl IntoView {
    let locale = crate::ui::locale::current();
    let end = format::date(locale, &current.current_period_end);
    let days = match current.days_remaining {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    let pending = current.pending_plan.as_ref().map(|next| {
        view! {
            <p class="notice" data-testid="pending-change">
                {format!("Moves to the {} plan on {end}. Nothing changes before then.", next.name)}
            </p>
        }
    });
    let ending = if current.cancel_at_period_end {
        let pending = actions.resume.pending();
        Either::Left(view! {
            <p class="notice warning" data-testid="cancel-notice">
                {format!("Cancels at period end: your plan ends on {end} and will not renew.")}
            </p>
            <ActionForm action=actions.resume attr:class="inline-form">
                <button type="submit" class="button primary compact" disabled=move || pending.get()>
                    "Resume subscription"
                </button>
            </ActionForm>
        })
    } else {
        let pending = actions.cancel.pending();
        Either::Right(view! {
            <ActionForm action=actions.cancel attr:class="inline-form">
                <button type="submit" class="button danger" disabled=move || pending.get()>
                    "Cancel at period end"
                </button>
            </ActionForm>
            <p class="hint">{format!("If you cancel, you keep your plan until {end} and it does not renew.")}</p>
        })
    };
    let status = current.status.clone();
    view! {
        <div class="plan-head">
            <p class="plan-name" data-testid="plan-name">{current.plan.name.clone()}</p>
            <span class=format!("badge status-{status}") data-testid="plan-status">{super::status_label(locale, &status)}</span>
        </div>
        <dl class="facts plan-facts">
            <dt>"Price"</dt>
            <dd>{format::price(locale, current.plan.price, &current.plan.currency, &current.plan.interval)}</dd>
            <dt>"Current period"</dt>
            <dd>{format::date(locale, &current.current_period_start)} " – " {end.clone()}</dd>
            <dt>"Days left"</dt>
            <dd data-testid="days-left">{days}</dd>
        </dl>
        {pending}
        <div class="plan-ending">{ending}</div>
    }
}

/// One quota's meter: a labelled `<progress>` with the numbers in words beside it, or "Unlimited".
#[component]
fn Meter(
    id: &'static str,
    label: &'static str,
    unit: &'static str,
    used: i64,
    limit: Option<i64>,
) -> impl IntoView {
    let locale = crate::ui::locale::current();
    let label_id = format!("meter-{id}");
    let text_id = format!("meter-{id}-text");
    let (text, over) = match limit {
        None => (
            format!("{} {unit} · Unlimited", format::count(locale, used)),
            false,
        ),
        Some(max) if used > max => (
            format!(
                "{} of {} {unit} · over the limit",
                format::count(locale, used),
                format::count(locale, max)
            ),
            true,
        ),
        Some(max) => {
            let percent = if max > 0 { used * 100 / max } else { 100 };
            (
                format!(
                    "{} of {} {unit} ({percent}%)",
                    format::count(locale, used),
                    format::count(locale, max)
                ),
                false,
            )
        }
    };
    // A zero quota has no bar to fill; the words say it all.
    let bar = limit.filter(|max| *max > 0).map(|max| {
        view! {
            <progress
                max=max
                value=used.min(max)
                aria-labelledby=label_id.clone()
                aria-describedby=text_id.clone()
            >
                {text.clone()}
            </progress>
        }
    });
    view! {
        <li class="meter" class:over=over class:unlimited=limit.is_none() data-testid=format!("meter-{id}")>
            <div class="meter-head">
                <span class="meter-name" id=label_id.clone()>{label}</span>
                <span class="meter-value" id=text_id.clone()>{text.clone()}</span>
            </div>
            {bar}
        </li>
    }
}

#[component]
pub fn UsageMeters(overview: SubscriptionOverview) -> impl IntoView {
    let body = match overview.current_usage {
        Some(Usage {
            calls_made,
            call_minutes,
            agents_used,
            tokens_used,
            quotas,
        }) => Either::Left(view! {
            <ul class="meters">
                <Meter id="calls" label="Calls" unit="calls" used=calls_made limit=quotas.calls/>
                <Meter id="minutes" label="Call minutes" unit="minutes" used=call_minutes limit=quotas.call_minutes/>
                <Meter id="agents" label="Agents" unit="agents" used=agents_used limit=quotas.agents/>
                <Meter id="tokens" label="Tokens" unit="tokens" used=tokens_used limit=quotas.tokens/>
            </ul>
        }),
        None => Either::Right(view! {
            <p class="empty">"Usage is counted per billing period; it appears once you have a plan."</p>
        }),
    };
    view! {
        <section class="card" aria-labelledby="usage-heading">
            <h2 id="usage-heading">"Usage this period"</h2>
            {body}
        </section>
    }
}
