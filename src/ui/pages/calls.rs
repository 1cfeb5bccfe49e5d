//! `/calls` and `/calls/:id`: the call history. Every filter and the page live in the URL, so a filtered view
//! can be shared and the back button works; the filter form is a plain GET form, so it works without JS.

use crate::{
    api::{
        analytics::SeriesQuery,
        calls::{call_detail, call_stats, list_calls, CallQuery, CallsView},
    },
    ui::components::{
        charts::{BarChart, LineChart},
        states::ErrorState,
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

#[component]
pub fn CallsPage() -> impl IntoView {
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
        <Title text="Calls"/>
        <h1>"Calls"</h1>
        <Form method="GET" action="" attr:class="filters card" attr:aria-label="Filter calls">
            <div class="field">
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    {[("", "Any"), ("completed", "Completed"), ("failed", "Failed"), ("missed", "Missed")]
                        .into_iter()
                        .map(|(v, label)| view! { <option value=v selected=move || status() == v>{label}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="date_from">"From"</label>
                <input id="date_from" type="date" name="date_from" prop:value=move || value("date_from")/>
            </div>
            <div class="field">
                <label for="date_to">"To"</label>
                <input id="date_to" type="date" name="date_to" prop:value=move || value("date_to")/>
            </div>
            <div class="field">
                <label for="search">"Phone number"</label>
                <input id="search" type="search" name="search" prop:value=move || value("search") placeholder="+1 415…"/>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button primary inline">"Apply"</button>
                <A href="/calls" attr:class="button ghost">"Reset"</A>
            </div>
        </Form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading calls…"</p> }>
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
                    view! {
                        <section class="charts" aria-label="Call charts">
                            <BarChart id="call-volume" title=format!("Calls per day ({})", series.timezone) labels=labels.clone() values=volume unit="Calls"/>
                            <LineChart id="call-success" title="Success rate (%)" labels=labels.clone() values=success unit="Percent"/>
                            <LineChart id="call-duration" title="Average duration (seconds)" labels values=duration unit="Seconds"/>
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
    view! {
        <section class="card" aria-labelledby="history-heading">
            <div class="section-head">
                <h2 id="history-heading">"History"</h2>
                <p class="muted" data-testid="call-count">{format!("{count} calls · times in {}", data.timezone)}</p>
                <a class="button ghost" href=csv download="calls.csv" data-testid="csv">"Download CSV"</a>
            </div>
            {if page.results.is_empty() {
                Either::Left(view! { <p class="empty">"No calls match these filters."</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="calls-table">
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th><th scope="col">"Number"</th><th scope="col">"Direction"</th>
                                    <th scope="col">"Status"</th><th scope="col">"Duration"</th><th scope="col">"Agent"</th><th scope="col">"Rating"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page
                                    .results
                                    .into_iter()
                                    .zip(data.started_local)
                                    .map(|(c, when)| view! {
                                        <tr>
                                            <td><A href=format!("/calls/{}", c.id)>{when}</A></td>
                                            <td>{c.phone_number}</td>
                                            <td>{c.direction}</td>
                                            <td><span class=format!("badge status-{}", c.status)>{c.status.clone()}</span></td>
                                            <td>{duration(c.duration)}</td>
                                            <td>{c.agent.map(|a| a.name).unwrap_or_default()}</td>
                                            <td>{c.satisfaction_rating.map(|r| format!("{r}/5")).unwrap_or_default()}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! { <A href=href attr:rel="prev">"Previous"</A> })}
                <span>{format!("Page {current} of {}", page.total_pages.unwrap_or(1).max(1))}</span>
                {next.map(|href| view! { <A href=href attr:rel="next">"Next"</A> })}
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
    view! {
        <Title text="Call"/>
        <p><A href="/calls">"← All calls"</A></p>
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading the call…"</p> }>
            {move || Suspend::new(async move {
                match call.await {
                    Ok(v) => {
                        let c = v.call;
                        Either::Left(view! {
                            <h1>"Call with " {c.phone_number.clone()}</h1>
                            <section class="card">
                                <dl class="facts" data-testid="call-detail">
                                    <dt>"When"</dt><dd>{v.started_local} " (" {v.timezone} ")"</dd>
                                    <dt>"Direction"</dt><dd>{c.direction}</dd>
                                    <dt>"Status"</dt><dd><span class=format!("badge status-{}", c.status)>{c.status.clone()}</span></dd>
                                    <dt>"Duration"</dt><dd>{duration(c.duration)}</dd>
                                    <dt>"Agent"</dt><dd>{c.agent.map(|a| a.name).unwrap_or_else(|| "—".into())}</dd>
                                    <dt>"Rating"</dt><dd>{c.satisfaction_rating.map(|r| format!("{r} of 5")).unwrap_or_else(|| "Not rated".into())}</dd>
                                    <dt>"Summary"</dt><dd>{c.summary.unwrap_or_else(|| "No summary.".into())}</dd>
                                </dl>
                                {c.recording_url.map(|url| {
                                    let link = url.clone();
                                    view! {
                                        <h2>"Recording"</h2>
                                        <audio controls preload="none" src=url>
                                            <a href=link>"Download the recording"</a>
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
