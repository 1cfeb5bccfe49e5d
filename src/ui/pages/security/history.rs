//! The security history: sign-ins (and failed ones), password and 2FA changes, ended sessions — newest
//! first, twenty a page. The page number lives in the URL (`?page=2`), so the pager is plain links.

use super::{words, SecurityState};
use crate::{
    api::security::{security_events, SecurityHistoryView},
    ui::{
        components::{format, states::ErrorState},
        i18n::{t, t_string, use_i18n},
        locale::fill,
    },
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

    let i18n = use_i18n();

    view! {
        <section class="card" id="history" aria-labelledby="history-heading">
            <h2 id="history-heading">{t!(i18n, security.history.heading)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, security.history.loading)}</p> }>
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
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    if page.results.is_empty() {
        let empty = page.count == 0;
        let text = move || {
            if empty {
                t_string!(i18n, security.history.nothing_yet)
            } else {
                t_string!(i18n, security.history.nothing_here)
            }
        };
        return Either::Left(view! {
            <p class="empty" data-testid="history-empty">{text}</p>
            {(!empty).then(|| view! { <a href=href(1)>{t!(i18n, security.history.first_page)}</a> })}
        });
    }
    let rows = page
        .results
        .into_iter()
        .zip(created_local)
        .map(|(event, when)| {
            let kind = event.kind;
            let device = event.device;
            let ip = match event.ip {
                Some(ip) => Either::Left(view! { <bdi dir="ltr">{ip}</bdi> }),
                None => Either::Right(t!(i18n, security.sessions.unknown)),
            };
            view! {
                <tr>
                    <td>{move || format::local_time(locale(), &when)}</td>
                    <th scope="row">{move || words::event_name(locale(), &kind)}</th>
                    <td>{ip}</td>
                    <td>{move || words::device_name(locale(), &device)}</td>
                </tr>
            }
        })
        .collect_view();
    let zone = StoredValue::new(timezone);
    let with_zone = move |template: &str| fill(template, &[("zone", &zone.read_value())]);
    Either::Right(view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="history">
                <caption class="visually-hidden">{move || with_zone(t_string!(i18n, security.history.caption))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || with_zone(t_string!(i18n, security.history.when))}</th>
                        <th scope="col">{t!(i18n, security.history.what)}</th>
                        <th scope="col">{t!(i18n, security.history.ip)}</th>
                        <th scope="col">{t!(i18n, security.history.device)}</th>
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
    let i18n = use_i18n();
    let total = total_pages.max(1);
    let position = move || {
        let locale = i18n.get_locale();
        fill(
            t_string!(i18n, common.page_of),
            &[
                ("page", &format::count(locale, page)),
                ("total", &format::count(locale, total)),
            ],
        )
    };
    (total_pages > 1 || page > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, security.history.pages)>
                {(page > 1).then(|| view! { <a href=href((page - 1).min(total)) rel="prev">{t!(i18n, security.history.newer)}</a> })}
                <span>{position}</span>
                {(page < total_pages).then(|| view! { <a href=href(page + 1) rel="next">{t!(i18n, security.history.older)}</a> })}
            </nav>
        }
    })
}
