//! The signed-in devices: where and when each session began and was last used, this one marked; end one,
//! or all but this one. An ended session is refused on its next request (within a second on other nodes).

use super::SecurityState;
use crate::{
    api::security::{list_sessions, ActiveSession, SessionsView},
    ui::components::{
        outcome::{report, OutcomeMessage},
        states::ErrorState,
    },
};
use leptos::{either::Either, prelude::*};

#[component]
pub fn SessionsCard(state: SecurityState) -> impl IntoView {
    let list = Resource::new(move || state.changed.get(), |_| list_sessions());
    let outcome = state.outcome(&[
        ("session-ended", "The session was ended."),
        ("others-ended", "Your other sessions were ended."),
    ]);
    report(state.end_session, outcome, |_| {
        "The session was ended.".to_owned()
    });
    report(state.end_others, outcome, |ended| {
        match ended.sessions_ended {
            0 => "There were no other sessions to end.".to_owned(),
            1 => "1 other session was ended.".to_owned(),
            n => format!("{n} other sessions were ended."),
        }
    });

    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Where you are signed in"</h2>
            <OutcomeMessage outcome testid="sessions-outcome"/>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your sessions…"</p> }>
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
    view! {
        <p class="muted small" data-testid="sessions-timezone">{format!("Times in {timezone}.")}</p>
        <ul class="session-list" data-testid="sessions">{rows}</ul>
        <ActionForm action=state.end_others>
            <button type="submit" class="button ghost" disabled=move || others == 0 || pending.get()>
                {move || if pending.get() { "Ending…" } else { "Sign out all other sessions" }}
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
    let kind = if session.kind == "api" {
        "API client"
    } else {
        "Browser"
    };
    let end = (!session.current).then(|| {
        let pending = state.end_session.pending();
        let which = format!(": {}, signed in {created}", session.device);
        view! {
            <ActionForm action=state.end_session attr:class="session-end">
                <input type="hidden" name="id" value=session.id.clone()/>
                <button type="submit" class="button ghost small" disabled=move || pending.get()>
                    "End session" <span class="visually-hidden">{which}</span>
                </button>
            </ActionForm>
        }
    });
    let testid = if session.current {
        "current-session"
    } else {
        "other-session"
    };
    view! {
        <li class="session" data-testid=testid>
            <div class="session-head">
                <strong>{session.device.clone()}</strong>
                {session.current.then(|| view! { <span class="badge status-active">"This session"</span> })}
            </div>
            <dl class="facts session-facts">
                <dt>"Kind"</dt><dd>{kind}</dd>
                <dt>"IP address"</dt><dd>{session.ip.unwrap_or_else(|| "Unknown".to_owned())}</dd>
                <dt>"Signed in"</dt><dd>{created}</dd>
                <dt>"Last active"</dt><dd>{last_seen}</dd>
            </dl>
            {end}
        </li>
    }
}
