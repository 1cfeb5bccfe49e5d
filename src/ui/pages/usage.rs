//! `/usage`: tokens over time (by day, week or month, in the user's time zone) and the share of each model.

use crate::{
    api::analytics::{fetch_model_usage, fetch_token_usage, SeriesQuery},
    ui::components::{
        charts::{format_number, DonutChart, LineChart},
        states::ErrorState,
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

#[component]
pub fn UsagePage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| SeriesQuery {
            from: q.get("from"),
            to: q.get("to"),
            bucket: q.get("bucket"),
            model: None,
        })
    });
    let tokens = Resource::new(move || query.get(), fetch_token_usage);
    let models = Resource::new(move || query.get(), fetch_model_usage);
    let bucket = move || query_map.with(|q| q.get("bucket").unwrap_or_else(|| "day".into()));
    view! {
        <Title text="Usage"/>
        <h1>"Usage"</h1>
        <Form method="GET" action="" attr:class="filters card" attr:aria-label="Usage period">
            <div class="field">
                <label for="bucket">"Group by"</label>
                <select id="bucket" name="bucket">
                    {[("day", "Day"), ("week", "Week"), ("month", "Month")]
                        .into_iter()
                        .map(|(v, label)| view! { <option value=v selected=move || bucket() == v>{label}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="from">"From"</label>
                <input id="from" type="date" name="from" prop:value=move || query_map.with(|q| q.get("from").unwrap_or_default())/>
            </div>
            <div class="field">
                <label for="to">"To"</label>
                <input id="to" type="date" name="to" prop:value=move || query_map.with(|q| q.get("to").unwrap_or_default())/>
            </div>
            <div class="filter-actions"><button type="submit" class="button primary inline">"Show"</button></div>
        </Form>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading usage…"</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(series) => {
                        let labels: Vec<String> = series.points.iter().map(|p| p.date.clone()).collect();
                        let values: Vec<f64> = series.points.iter().map(|p| p.total_tokens as f64).collect();
                        Either::Left(view! {
                            <section class="card" aria-labelledby="tokens-heading">
                                <h2 id="tokens-heading">"Tokens"</h2>
                                <p class="muted" data-testid="token-total">
                                    {format!("{} tokens from {} to {} ({})", format_number(series.total_tokens as f64), series.from, series.to, series.timezone)}
                                </p>
                                <LineChart id="tokens" title=format!("Tokens per {}", series.bucket) labels values unit="Tokens"/>
                            </section>
                        })
                    }
                    Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                models.await.ok().map(|usage| {
                    let slices: Vec<(String, f64)> = usage.models.iter().map(|m| (m.model.clone(), m.total_tokens as f64)).collect();
                    view! {
                        <section class="card" aria-labelledby="models-heading">
                            <h2 id="models-heading">"By model"</h2>
                            {if slices.is_empty() {
                                Either::Left(view! { <p class="empty">"No usage in this period."</p> })
                            } else {
                                Either::Right(view! { <DonutChart id="models" title="Share of tokens by model" slices/> })
                            }}
                        </section>
                    }
                })
            })}
        </Transition>
    }
}
