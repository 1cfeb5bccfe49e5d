//! `/calls` and `/calls/:id`: the call history. Every filter and the page live in the URL, so a filtered view
//! can be shared and the back button works; the filter form is a plain GET form, so it works without JS.

use crate::ui::locale::fill;
use crate::{
    api::{
        analytics::SeriesQuery,
        calls::{call_detail, call_stats, list_calls, CallQuery, CallsView},
    },
    ui::{
        components::{
            charts::{BarChart, LineChart},
            format,
            states::ErrorState,
        },
        i18n::{t, t_string, use_i18n},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::{use_params_map, use_query_map},
};

const FILTERS: [&str; 5] = ["status", "date_from", "date_to", "search", "page_size"];

/// The query string for the current filters with `page` (or `cursor`) replaced.
fn link(query: &CallQuery, page: Option<i64>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let values = [
        &query.status,
        &query.date_from,
        &query.date_to,
        &query.search,
        &query.page_size,
    ];
    for (key, value) in FILTERS.iter().zip(values) {
        if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
            parts.push(format!("{key}={}", urlencoding::encode(v)));
        }
    }
    if let Some(page) = page {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// A call's status or direction word (`completed`, `inbound`) in the page's language.
pub fn status_label(word: String) -> impl IntoView {
    let i18n = use_i18n();
    move || match word.as_str() {
        "completed" => t_string!(i18n, common.status.completed).to_string(),
        "failed" => t_string!(i18n, common.status.failed).to_string(),
        "missed" => t_string!(i18n, common.status.missed).to_string(),
        "inbound" => t_string!(i18n, common.status.inbound).to_string(),
        "outbound" => t_string!(i18n, common.status.outbound).to_string(),
        other => other.to_owned(),
    }
}

#[component]
pub fn CallsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| CallQuery {
            page: q.get("page"),
            page_size: q.get("page_size"),
            status: q.get("status"),
            date_from: q.get("date_from"),
            date_to: q.get("date_to"),
            search: q.get("search"),
            cursor: None,
        })
    });
    let calls = Resource::new(move || query.get(), list_calls);
    let stats = Resource::new(
        move || query.with(|q| (q.date_from.clone(), q.date_to.clone())),
        |(from, to)| {
            call_stats(SeriesQuery {
                from,
                to,
                bucket: None,
                model: None,
            })
        },
    );
    let value = move |key: &'static str| query_map.with(|q| q.get(key).unwrap_or_default());
    let status = move || value("status");

    view! {
        <Title text=move || t_string!(i18n, calls.title)/>
        <h1>{t!(i18n, calls.title)}</h1>
        <Form method="GET" action="" attr:class="filters card" attr:aria-label=move || t_string!(i18n, calls.filter)>
            <div class="field">
                <label for="status">{t!(i18n, calls.status)}</label>
                <select id="status" name="status">
                    {["", "completed", "failed", "missed"]
                        .into_iter()
                        .map(|v| {
                            let label = move || match v {
                                "completed" => t_string!(i18n, calls.completed),
                                "failed" => t_string!(i18n, calls.failed),
                                "missed" => t_string!(i18n, calls.missed),
                                _ => t_string!(i18n, calls.any),
                            };
                            view! { <option value=v selected=move || status() == v>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="date_from">{t!(i18n, calls.from)}</label>
                <input id="date_from" type="date" name="date_from" prop:value=move || value("date_from")/>
            </div>
            <div class="field">
                <label for="date_to">{t!(i18n, calls.to)}</label>
                <input id="date_to" type="date" name="date_to" prop:value=move || value("date_to")/>
            </div>
            <div class="field">
                <label for="search">{t!(i18n, calls.phone)}</label>
                <input id="search" type="search" name="search" prop:value=move || value("search") placeholder="+1 415…"/>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button primary inline">{t!(i18n, calls.apply)}</button>
                <A href="/calls" attr:class="button ghost">{t!(i18n, calls.reset)}</A>
            </div>
        </Form>
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, calls.loading)}</p> }>
            {move || Suspend::new(async move {
                match calls.await {
                    Ok(view_data) => Either::Left(view! { <CallTable data=view_data query=query.get_untracked()/> }),
                    Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                stats.await.ok().map(|series| {
                    let labels: Vec<String> = series.points.iter().map(|p| p.date.clone()).collect();
                    let volume: Vec<f64> = series.points.iter().map(|p| p.calls as f64).collect();
                    let success: Vec<f64> = series.points.iter().map(|p| p.success_rate).collect();
                    let duration: Vec<f64> = series.points.iter().map(|p| p.average_duration).collect();
                    let zone = series.timezone.clone();
                    view! {
                        <section class="charts" aria-label=move || t_string!(i18n, calls.charts)>
                            <BarChart id="call-volume" title=Signal::derive(move || fill(t_string!(i18n, calls.per_day), &[("zone", &zone.clone())]))
                                labels=labels.clone() values=volume unit=Signal::derive(move || t_string!(i18n, calls.unit_calls).to_string())/>
                            <LineChart id="call-success" title=Signal::derive(move || t_string!(i18n, calls.success).to_string())
                                labels=labels.clone() values=success unit=Signal::derive(move || t_string!(i18n, calls.unit_percent).to_string())/>
                            <LineChart id="call-duration" title=Signal::derive(move || t_string!(i18n, calls.duration_chart).to_string())
                                labels values=duration unit=Signal::derive(move || t_string!(i18n, calls.unit_seconds).to_string())/>
                        </section>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn CallTable(data: CallsView, query: CallQuery) -> impl IntoView {
    let page = data.page;
    let csv = format!("/api/dashboard/user/calls/export.csv{}", link(&query, None));
    let current = page.page.unwrap_or(1);
    let previous = page
        .previous
        .as_ref()
        .map(|_| format!("/calls{}", link(&query, Some(current - 1))));
    let next = page
        .next
        .as_ref()
        .map(|_| format!("/calls{}", link(&query, Some(current + 1))));
    let count = page.count.unwrap_or_default();
    let total_pages = page.total_pages.unwrap_or(1).max(1);
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    let zone = data.timezone.clone();
    view! {
        <section class="card" aria-labelledby="history-heading">
            <div class="section-head">
                <h2 id="history-heading">{t!(i18n, calls.history)}</h2>
                <p class="muted" data-testid="call-count">
                    {move || fill(t_string!(i18n, calls.count), &[("n", &format::count(loc(), count)), ("zone", &zone.clone())])}
                </p>
                <a class="button ghost" href=csv download="calls.csv" data-testid="csv">{t!(i18n, calls.csv)}</a>
            </div>
            {if page.results.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, calls.none)}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="calls-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, calls.when)}</th><th scope="col">{t!(i18n, calls.number)}</th>
                                    <th scope="col">{t!(i18n, calls.direction)}</th><th scope="col">{t!(i18n, calls.status)}</th>
                                    <th scope="col">{t!(i18n, calls.duration)}</th><th scope="col">{t!(i18n, calls.agent)}</th>
                                    <th scope="col">{t!(i18n, calls.rating)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page
                                    .results
                                    .into_iter()
                                    .zip(data.started_local)
                                    .map(|(c, when)| view! {
                                        <tr>
                                            <td><A href=format!("/calls/{}", c.id)>{move || format::local_time(loc(), &when)}</A></td>
                                            <td dir="ltr" class="phone">{c.phone_number}</td>
                                            <td>{status_label(c.direction)}</td>
                                            <td><span class=format!("badge status-{}", c.status)>{status_label(c.status.clone())}</span></td>
                                            <td>{move || format::digits(loc(), &duration(c.duration))}</td>
                                            <td>{c.agent.map(|a| a.name).unwrap_or_default()}</td>
                                            <td>{move || c.satisfaction_rating.map(|r| format::digits(loc(), &format!("{r}/5"))).unwrap_or_default()}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
            <nav class="pager" aria-label=move || t_string!(i18n, common.pages)>
                {previous.map(|href| view! { <A href=href attr:rel="prev">{t!(i18n, common.previous)}</A> })}
                <span>{move || fill(t_string!(i18n, common.page_of), &[("page", &format::count(loc(), current)), ("total", &format::count(loc(), total_pages))])}</span>
                {next.map(|href| view! { <A href=href attr:rel="next">{t!(i18n, common.next)}</A> })}
            </nav>
        </section>
    }
}

/// 125 → "2:05".
fn duration(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[component]
pub fn CallDetailPage() -> impl IntoView {
    let params = use_params_map();
    let call = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        call_detail,
    );
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    view! {
        <Title text=move || t_string!(i18n, calls.call)/>
        <p><A href="/calls">{t!(i18n, calls.all)}</A></p>
        <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, calls.loading_call)}</p> }>
            {move || Suspend::new(async move {
                match call.await {
                    Ok(v) => {
                        let c = v.call;
                        let started = v.started_local.clone();
                        let rating = c.satisfaction_rating;
                        let phone = c.phone_number.clone();
                        Either::Left(view! {
                            <h1>{move || fill(t_string!(i18n, calls.with), &[("phone", &format!("\u{2066}{phone}\u{2069}"))])}</h1>
                            <section class="card">
                                <dl class="facts" data-testid="call-detail">
                                    <dt>{t!(i18n, calls.when)}</dt><dd>{move || format::local_time(loc(), &started)} " (" {v.timezone} ")"</dd>
                                    <dt>{t!(i18n, calls.direction)}</dt><dd>{status_label(c.direction)}</dd>
                                    <dt>{t!(i18n, calls.status)}</dt><dd><span class=format!("badge status-{}", c.status)>{status_label(c.status.clone())}</span></dd>
                                    <dt>{t!(i18n, calls.duration)}</dt><dd>{move || format::digits(loc(), &duration(c.duration))}</dd>
                                    <dt>{t!(i18n, calls.agent)}</dt><dd>{c.agent.map(|a| a.name).unwrap_or_else(|| "—".into())}</dd>
                                    <dt>{t!(i18n, calls.rating)}</dt><dd>{move || match rating {
                                        Some(r) => fill(t_string!(i18n, calls.rated), &[("r", &format::count(loc(), r as i64))]),
                                        None => t_string!(i18n, calls.not_rated).to_string(),
                                    }}</dd>
                                    <dt>{t!(i18n, calls.summary)}</dt><dd>{match c.summary {
                                        Some(text) => Either::Left(text),
                                        None => Either::Right(t!(i18n, calls.no_summary)),
                                    }}</dd>
                                </dl>
                                {c.recording_url.map(|url| {
                                    let link = url.clone();
                                    view! {
                                        <h2>{t!(i18n, calls.recording)}</h2>
                                        <audio controls preload="none" src=url>
                                            <a href=link>{t!(i18n, calls.download_recording)}</a>
                                        </audio>
                                    }
                                })}
                            </section>
                        })
                    }
                    Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                }
            })}
        </Suspense>
    }
}
