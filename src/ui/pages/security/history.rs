//! The security history: sign-ins (and failed ones), password and 2FA changes, ended sessions — newest
//! first, twenty a page. The page number lives in the URL (`?page=2`), so the pager is plain links.

use super::SecurityState;
use crate::{
    api::security::{security_events, SecurityHistoryView},
    ui::components::states::ErrorState,
};
use leptos::{either::Either, prelude::*};
use leptos_router::hooks::use_query_map;

fn href(page: i64) -> String {
    match page {
        1 => "/security#history".to_owned(),
        p => format!("/security?page={p}#history"),
    }
}

#[component]
pub fn HistoryCard(state: SecurityState) -> impl IntoView {
    let query = use_query_map();
    // Anything but a page number from 1 shows the first page.
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let history = Resource::new(
        move || (page.get(), state.changed.get()),
        |(page, _)| security_events(page),
    );

    view! {
        <section class="card" id="history" aria-labelledby="history-heading">
            <h2 id="history-heading">"Security history"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your security history…"</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(view) => Either::Left(view! { <Events view/> }),
                        Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Events(view: SecurityHistoryView) -> impl IntoView {
    let SecurityHistoryView {
        page,
        timezone,
        created_local,
    } = view;
    if page.results.is_empty() {
        let text = if page.count == 0 {
            "Nothing has happened to your account's security yet."
        } else {
            "There is nothing on this page."
        };
        return Either::Left(view! {
            <p class="empty" data-testid="history-empty">{text}</p>
            {(page.count > 0).then(|| view! { <a href=href(1)>"Go to the first page"</a> })}
        });
    }
    let rows = page
        .results
        .iter()
        .zip(created_local)
        .map(|(event, when)| {
            view! {
                <tr>
                    <td>{when}</td>
                    <th scope="row">{event.label()}</th>
                    <td>{event.ip.clone().unwrap_or_else(|| "Unknown".to_owned())}</td>
                    <td>{event.device.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="history">
                <caption class="visually-hidden">{format!("Security events, newest first, times in {timezone}")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{format!("When ({timezone})")}</th>
                        <th scope="col">"What happened"</th>
                        <th scope="col">"IP address"</th>
                        <th scope="col">"Device"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=page.page total_pages=page.total_pages/>
    })
}

#[component]
fn Pager(page: i64, total_pages: i64) -> impl IntoView {
    (total_pages > 1 || page > 1).then(|| {
        view! {
            <nav class="pager" aria-label="History pages">
                {(page > 1).then(|| view! { <a href=href((page - 1).min(total_pages.max(1))) rel="prev">"Newer"</a> })}
                <span>{format!("Page {page} of {}", total_pages.max(1))}</span>
                {(page < total_pages).then(|| view! { <a href=href(page + 1) rel="next">"Older"</a> })}
            </nav>
        }
    })
}
