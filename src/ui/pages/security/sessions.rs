//! The signed-in devices: where and when each session began and was last used, this one marked; end one,
//! or all but this one. An ended session is refused on its next request (within a second on other nodes).

use super::{words, SecurityState};
use crate::{
    api::security::{list_sessions, ActiveSession, SessionsView},
    ui::{
        components::{
            format,
            outcome::{report, OutcomeMessage},
            states::ErrorState,
        },
        i18n::{t, t_string, td_string, use_i18n},
        locale::{current, fill},
    },
};
use leptos::{either::Either, prelude::*};

#[component]
pub fn SessionsCard(state: SecurityState) -> impl IntoView {
    let list = Resource::new(move || state.changed.get(), |_| list_sessions());
    let outcome = state.outcome(&[
        ("session-ended", |l| td_string!(l, security.sessions.ended)),
        ("others-ended", |l| {
            td_string!(l, security.sessions.others_ended)
        }),
    ]);
    report(state.end_session, outcome, |_| {
        td_string!(current(), security.sessions.ended).to_owned()
    });
    report(state.end_others, outcome, |ended| {
        words::others_ended(current(), ended.sessions_ended)
    });
    let i18n = use_i18n();

    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t!(i18n, security.sessions.heading)}</h2>
            <OutcomeMessage outcome testid="sessions-outcome"/>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, security.sessions.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(view) => Either::Left(view! { <SessionList view state/> }),
                        Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionList(view: SessionsView, state: SecurityState) -> impl IntoView {
    let SessionsView {
        sessions,
        timezone,
        created_local,
        last_seen_local,
    } = view;
    let others = sessions.iter().filter(|s| !s.current).count();
    let rows = sessions
        .into_iter()
        .zip(created_local)
        .zip(last_seen_local)
        .map(|((session, created), last_seen)| view! { <SessionRow session created last_seen state/> })
        .collect_view();
    let pending = state.end_others.pending();
    let i18n = use_i18n();
    let zone = move || {
        fill(
            t_string!(i18n, security.sessions.times_in),
            &[("zone", &timezone)],
        )
    };
    view! {
        <p class="muted small" data-testid="sessions-timezone">{zone}</p>
        <ul class="session-list" data-testid="sessions">{rows}</ul>
        <ActionForm action=state.end_others>
            <button type="submit" class="button ghost" disabled=move || others == 0 || pending.get()>
                {move || if pending.get() {
                    t_string!(i18n, security.sessions.ending)
                } else {
                    t_string!(i18n, security.sessions.sign_out_others)
                }}
            </button>
        </ActionForm>
    }
}

#[component]
fn SessionRow(
    session: ActiveSession,
    created: String,
    last_seen: String,
    state: SecurityState,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = session.kind == "api";
    let kind = move || {
        if api {
            t_string!(i18n, security.sessions.api_client)
        } else {
            t_string!(i18n, security.sessions.browser)
        }
    };
    let device = StoredValue::new(session.device);
    let device_name = move || words::device_name(i18n.get_locale(), &device.read_value());
    let created = StoredValue::new(created);
    let created_text = move || format::local_time(i18n.get_locale(), &created.read_value());
    let last_seen_text = move || format::local_time(i18n.get_locale(), &last_seen);
    let end = (!session.current).then(|| {
        let pending = state.end_session.pending();
        let which = move || {
            let locale = i18n.get_locale();
            fill(
                t_string!(i18n, security.sessions.end_which),
                &[
                    ("device", &words::device_name(locale, &device.read_value())),
                    ("when", &format::local_time(locale, &created.read_value())),
                ],
            )
        };
        view! {
            <ActionForm action=state.end_session attr:class="session-end">
                <input type="hidden" name="id" value=session.id.clone()/>
                <button type="submit" class="button ghost small" disabled=move || pending.get()>
                    {t!(i18n, security.sessions.end)} <span class="visually-hidden">{which}</span>
                </button>
            </ActionForm>
        }
    });
    let ip = match session.ip {
        Some(ip) => Either::Left(view! { <bdi dir="ltr">{ip}</bdi> }),
        None => Either::Right(t!(i18n, security.sessions.unknown)),
    };
    let testid = if session.current {
        "current-session"
    } else {
        "other-session"
    };
    view! {
        <li class="session" data-testid=testid>
            <div class="session-head">
                <strong>{device_name}</strong>
                {session.current.then(|| view! { <span class="badge status-active">{t!(i18n, security.sessions.this_session)}</span> })}
            </div>
            <dl class="facts session-facts">
                <dt>{t!(i18n, security.sessions.kind)}</dt><dd>{kind}</dd>
                <dt>{t!(i18n, security.sessions.ip)}</dt>
                <dd>{ip}</dd>
                <dt>{t!(i18n, security.sessions.signed_in)}</dt><dd>{created_text}</dd>
                <dt>{t!(i18n, security.sessions.last_active)}</dt><dd>{last_seen_text}</dd>
            </dl>
            {end}
        </li>
    }
}
