//! `/subscription`: the current plan with cancel and resume, usage against the plan's quotas, the plans one
//! can move to (each change confirmed first, with what it will cost), the billing history and the saved cards.
//!
//! Every mutation is an `ActionForm` posting to a server function, so the page works without JavaScript: the
//! form posts, the server redirects back, and the page renders the new state. With JavaScript the same forms
//! dispatch actions, and the resources below are keyed on the actions' versions so the data is fetched again.
//! The page computes nothing about billing itself: what a plan change does and costs is the billing
//! service's preview (`preview_plan_changes`), the same rule and arithmetic `change_plan` then applies.

mod cards;
mod history;
mod plan;
mod plans;

use crate::{
    api::{
        billing::{
            get_subscription, preview_plan_changes, CancelSubscription, ChangePlan,
            ChangePlanResponse, ResumeSubscription, SubscriptionOverview,
        },
        ErrorCode,
    },
    ui::{
        components::{
            format,
            forms::FormError,
            outcome::{report, Outcome, OutcomeMessage},
        },
        i18n::{t, t_string, td_string, use_i18n},
        locale::{current, fill, Locale},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The forms that change the subscription itself.
#[derive(Clone, Copy)]
struct PlanActions {
    change: ServerAction<ChangePlan>,
    cancel: ServerAction<CancelSubscription>,
    resume: ServerAction<ResumeSubscription>,
}

#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let query = use_query_map();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    // `?change=<plan id>` is the confirmation step: a plain link, so it needs no JavaScript either.
    let chosen = Memo::new(move |_| query.with(|q| q.get("change")));
    let actions = PlanActions {
        change: ServerAction::new(),
        cancel: ServerAction::new(),
        resume: ServerAction::new(),
    };
    let versions = move || {
        (
            actions.change.version().get(),
            actions.cancel.version().get(),
            actions.resume.version().get(),
        )
    };
    let overview = Resource::new(versions, |_| get_subscription());
    let previews = Resource::new(versions, |_| preview_plan_changes());

    let outcome = RwSignal::new(None::<Outcome>);
    report(actions.change, outcome, changed);
    // An outcome is worded once, in the language of the moment it happened.
    report(actions.cancel, outcome, |o| {
        let locale = current();
        match &o.current_subscription {
            Some(c) => fill(
                td_string!(locale, subscription.outcome.ends),
                &[("date", &format::date(locale, &c.current_period_end))],
            ),
            None => td_string!(locale, subscription.outcome.cancelled).to_owned(),
        }
    });
    report(actions.resume, outcome, |o| {
        let locale = current();
        match &o.current_subscription {
            Some(c) => fill(
                td_string!(locale, subscription.outcome.renews),
                &[("date", &format::date(locale, &c.current_period_end))],
            ),
            None => td_string!(locale, subscription.outcome.resumed).to_owned(),
        }
    });
    // A confirmed change has done its work: back to the page without the confirmation.
    let navigate = use_navigate();
    Effect::watch(
        move || actions.change.version().get(),
        move |_, _, _| {
            if actions
                .change
                .value()
                .with_untracked(|v| matches!(v, Some(Ok(_))))
            {
                navigate("/subscription", Default::default());
            }
        },
        false,
    );

    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, subscription.title)/>
        <h1>{t!(i18n, subscription.title)}</h1>
        <FormError error=Signal::derive(|| None) code/>
        <OutcomeMessage outcome testid="plan-outcome"/>
        <Transition fallback=move || view! { <p class="loading card" role="status">{t!(i18n, subscription.loading)}</p> }>
            {move || {
                let chosen = chosen.get();
                Suspend::new(async move {
                    match (overview.await, previews.await) {
                        (Ok(overview), Ok(previews)) => Either::Left(view! {
                            {chosen.map(|plan_id| view! {
                                <plans::ConfirmChange plan_id overview=overview.clone() previews=previews.clone() action=actions.change/>
                            })}
                            <plan::CurrentPlan overview=overview.clone() actions/>
                            <plan::UsageMeters overview=overview.clone()/>
                            <plans::PlanChoices overview=overview.clone() previews/>
                            <history::BillingHistory invoices=overview.billing_history/>
                        }),
                        (Err(e), _) | (_, Err(e)) => Either::Right(view! {
                            <div class="card" role="alert" data-testid="subscription-error">
                                <p>{t!(i18n, subscription.load_failed)} {e.message}</p>
                                <a href="/subscription" rel="external">{t!(i18n, common.try_again)}</a>
                            </div>
                        }),
                    }
                })
            }}
        </Transition>
        <cards::PaymentMethods/>
    }
}

/// What a plan change did, in words: the proration charged for an upgrade, the date of a downgrade.
fn changed(response: &ChangePlanResponse) -> String {
    let SubscriptionOverview {
        current_subscription,
        ..
    } = &response.overview;
    let locale = current();
    let Some(now) = current_subscription else {
        return td_string!(locale, subscription.outcome.changed).to_owned();
    };
    let plan = now.plan.name.as_str();
    match (&response.proration, &now.pending_plan) {
        (Some(p), _) => fill(
            td_string!(locale, subscription.outcome.upgraded),
            &[
                ("plan", plan),
                ("amount", &format::money(locale, p.amount, &p.currency)),
            ],
        ),
        (None, Some(next)) => fill(
            td_string!(locale, subscription.outcome.moves),
            &[
                ("next", &next.name),
                ("date", &format::date(locale, &now.current_period_end)),
                ("plan", plan),
            ],
        ),
        (None, None) => fill(
            td_string!(locale, subscription.outcome.on_plan),
            &[("plan", plan)],
        ),
    }
}

/// A subscription's or an invoice's status word (`past_due`, `paid`) in the locale.
pub fn status_label(locale: Locale, word: &str) -> String {
    match word {
        "active" => td_string!(locale, subscription.status.active).to_owned(),
        "past_due" => td_string!(locale, subscription.status.past_due).to_owned(),
        "canceled" | "cancelled" => td_string!(locale, subscription.status.canceled).to_owned(),
        "trialing" => td_string!(locale, subscription.status.trialing).to_owned(),
        "paid" => td_string!(locale, subscription.status.paid).to_owned(),
        "open" => td_string!(locale, subscription.status.open).to_owned(),
        "draft" => td_string!(locale, subscription.status.draft).to_owned(),
        "void" => td_string!(locale, subscription.status.void).to_owned(),
        "uncollectible" => td_string!(locale, subscription.status.uncollectible).to_owned(),
        other => format::status(other),
    }
}
