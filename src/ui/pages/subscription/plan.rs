//! The current plan (with cancel and resume) and this period's usage against the plan's quotas.

use super::PlanActions;
use crate::{
    api::billing::{CurrentSubscription, SubscriptionOverview, Usage},
    plural,
    ui::{
        components::format,
        i18n::{t, td_string, use_i18n},
        locale::{fill, Locale},
    },
};
use leptos::{either::Either, prelude::*};

#[component]
pub fn CurrentPlan(overview: SubscriptionOverview, actions: PlanActions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="plan-heading" data-testid="current-plan">
            <h2 id="plan-heading">{t!(i18n, subscription.current.heading)}</h2>
            {match overview.current_subscription {
                Some(current) => Either::Left(view! { <PlanFacts current actions/> }),
                None => Either::Right(view! {
                    <p class="empty" data-testid="no-plan">{t!(i18n, subscription.current.none)}</p>
                }),
            }}
        </section>
    }
}

#[component]
fn PlanFacts(current: CurrentSubscription, actions: PlanActions) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    // Each sentence follows the page's language; `with_end` fills in the period's end date in it.
    let period_end = current.current_period_end.clone();
    let with_end = move |template: fn(Locale) -> &'static str| {
        let period_end = period_end.clone();
        move || {
            let l = locale();
            fill(template(l), &[("date", &format::date(l, &period_end))])
        }
    };
    let days_remaining = current.days_remaining;
    let days = move || {
        let l = locale();
        fill(
            plural!(l, subscription.current.days, days_remaining),
            &[("n", &format::count(l, days_remaining))],
        )
    };
    let pending = current.pending_plan.as_ref().map(|next| {
        let (name, end) = (next.name.clone(), current.current_period_end.clone());
        view! {
            <p class="notice" data-testid="pending-change">
                {move || {
                    let l = locale();
                    fill(
                        td_string!(l, subscription.current.pending),
                        &[("plan", &name), ("date", &format::date(l, &end))],
                    )
                }}
            </p>
        }
    });
    let ending = if current.cancel_at_period_end {
        let pending = actions.resume.pending();
        Either::Left(view! {
            <p class="notice warning" data-testid="cancel-notice">
                {with_end(|l| td_string!(l, subscription.current.cancel_notice))}
            </p>
            <ActionForm action=actions.resume attr:class="inline-form">
                <button type="submit" class="button primary compact" disabled=move || pending.get()>
                    {t!(i18n, subscription.current.resume)}
                </button>
            </ActionForm>
        })
    } else {
        let pending = actions.cancel.pending();
        Either::Right(view! {
            <ActionForm action=actions.cancel attr:class="inline-form">
                <button type="submit" class="button danger" disabled=move || pending.get()>
                    {t!(i18n, subscription.current.cancel)}
                </button>
            </ActionForm>
            <p class="hint">{with_end(|l| td_string!(l, subscription.current.cancel_hint))}</p>
        })
    };
    let status = current.status.clone();
    let label = status.clone();
    let plan = current.plan.clone();
    let (start, end) = (
        current.current_period_start.clone(),
        current.current_period_end.clone(),
    );
    view! {
        <div class="plan-head">
            <p class="plan-name" data-testid="plan-name">{current.plan.name.clone()}</p>
            <span class=format!("badge status-{status}") data-testid="plan-status">{move || super::status_label(locale(), &label)}</span>
        </div>
        <dl class="facts plan-facts">
            <dt>{t!(i18n, subscription.current.price)}</dt>
            <dd>{move || format::price(locale(), plan.price, &plan.currency, &plan.interval)}</dd>
            <dt>{t!(i18n, subscription.current.period)}</dt>
            <dd>{move || format::date(locale(), &start)} " – " {move || format::date(locale(), &end)}</dd>
            <dt>{t!(i18n, subscription.current.days_left)}</dt>
            <dd data-testid="days-left">{days}</dd>
        </dl>
        {pending}
        <div class="plan-ending">{ending}</div>
    }
}

/// What a quota counts: its label, and the unit its numbers are in (the meters here, the plan cards too).
#[derive(Clone, Copy)]
pub(super) enum Quota {
    Calls,
    Minutes,
    Agents,
    Tokens,
}

impl Quota {
    pub(super) fn label(self, locale: Locale) -> &'static str {
        match self {
            Quota::Calls => td_string!(locale, subscription.quota.calls),
            Quota::Minutes => td_string!(locale, subscription.quota.call_minutes),
            Quota::Agents => td_string!(locale, subscription.quota.agents),
            Quota::Tokens => td_string!(locale, subscription.quota.tokens),
        }
    }

    fn unit(self, locale: Locale) -> &'static str {
        match self {
            Quota::Calls => td_string!(locale, subscription.unit.calls),
            Quota::Minutes => td_string!(locale, subscription.unit.minutes),
            Quota::Agents => td_string!(locale, subscription.unit.agents),
            Quota::Tokens => td_string!(locale, subscription.unit.tokens),
        }
    }
}

/// A meter's numbers in words: `120 of 3,000 minutes (4%)`, over the limit, or unlimited.
fn meter_text(locale: Locale, quota: Quota, used: i64, limit: Option<i64>) -> String {
    let unit = quota.unit(locale);
    let used_text = format::count(locale, used);
    let Some(max) = limit else {
        return fill(
            td_string!(locale, subscription.usage.unlimited),
            &[("used", &used_text), ("unit", unit)],
        );
    };
    let percent = if max > 0 { used * 100 / max } else { 100 };
    let template = if used > max {
        td_string!(locale, subscription.usage.over)
    } else {
        td_string!(locale, subscription.usage.of)
    };
    let args = [
        ("used", used_text.as_str()),
        ("max", &format::count(locale, max)),
        ("unit", unit),
        ("percent", &format::whole_percent(locale, percent)),
    ];
    fill(template, &args)
}

/// One quota's meter: a labelled `<progress>` with the numbers in words beside it, or "Unlimited".
#[component]
fn Meter(id: &'static str, quota: Quota, used: i64, limit: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || meter_text(i18n.get_locale(), quota, used, limit);
    let over = limit.is_some_and(|max| used > max);
    let label_id = format!("meter-{id}");
    let text_id = format!("meter-{id}-text");
    // A zero quota has no bar to fill; the words say it all.
    let bar = limit.filter(|max| *max > 0).map(|max| {
        view! {
            <progress
                max=max
                value=used.min(max)
                aria-labelledby=label_id.clone()
                aria-describedby=text_id.clone()
            >
                {text}
            </progress>
        }
    });
    view! {
        <li class="meter" class:over=over class:unlimited=limit.is_none() data-testid=format!("meter-{id}")>
            <div class="meter-head">
                <span class="meter-name" id=label_id.clone()>{move || quota.label(i18n.get_locale())}</span>
                <span class="meter-value" id=text_id.clone()>{text}</span>
            </div>
            {bar}
        </li>
    }
}

#[component]
pub fn UsageMeters(overview: SubscriptionOverview) -> impl IntoView {
    let i18n = use_i18n();
    let body = match overview.current_usage {
        Some(Usage {
            calls_made,
            call_minutes,
            agents_used,
            tokens_used,
            quotas,
        }) => Either::Left(view! {
            <ul class="meters">
                <Meter id="calls" quota=Quota::Calls used=calls_made limit=quotas.calls/>
                <Meter id="minutes" quota=Quota::Minutes used=call_minutes limit=quotas.call_minutes/>
                <Meter id="agents" quota=Quota::Agents used=agents_used limit=quotas.agents/>
                <Meter id="tokens" quota=Quota::Tokens used=tokens_used limit=quotas.tokens/>
            </ul>
        }),
        None => Either::Right(view! {
            <p class="empty">{t!(i18n, subscription.usage.none)}</p>
        }),
    };
    view! {
        <section class="card" aria-labelledby="usage-heading">
            <h2 id="usage-heading">{t!(i18n, subscription.usage.heading)}</h2>
            {body}
        </section>
    }
}
