//! `/usage`: tokens over time (by day, week or month, in the user's time zone) and the share of each model.

use crate::ui::locale::fill;
use crate::{
    api::analytics::{fetch_model_usage, fetch_token_usage, SeriesQuery},
    ui::{
        components::{
            charts::{DonutChart, LineChart},
            format,
            states::ErrorState,
        },
        i18n::{t, t_string, use_i18n},
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
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    view! {
        <Title text=move || t_string!(i18n, usage.title)/>
        <h1>{t!(i18n, usage.title)}</h1>
        <Form method="GET" action="" attr:class="filters card" attr:aria-label=move || t_string!(i18n, usage.period)>
            <div class="field">
                <label for="bucket">{t!(i18n, usage.group_by)}</label>
                <select id="bucket" name="bucket">
                    {["day", "week", "month"]
                        .into_iter()
                        .map(|v| {
                            let label = move || match v {
                                "week" => t_string!(i18n, usage.week),
                                "month" => t_string!(i18n, usage.month),
                                _ => t_string!(i18n, usage.day),
                            };
                            view! { <option value=v selected=move || bucket() == v>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="from">{t!(i18n, usage.from)}</label>
                <input id="from" type="date" name="from" prop:value=move || query_map.with(|q| q.get("from").unwrap_or_default())/>
            </div>
            <div class="field">
                <label for="to">{t!(i18n, usage.to)}</label>
                <input id="to" type="date" name="to" prop:value=move || query_map.with(|q| q.get("to").unwrap_or_default())/>
            </div>
            <div class="filter-actions"><button type="submit" class="button primary inline">{t!(i18n, usage.show)}</button></div>
        </Form>
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, usage.loading)}</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(series) => {
                        let labels: Vec<String> = series.points.iter().map(|p| p.date.clone()).collect();
                        let values: Vec<f64> = series.points.iter().map(|p| p.total_tokens as f64).collect();
                        let total = series.total_tokens;
                        let (from, to, zone, bucket) = (series.from.clone(), series.to.clone(), series.timezone.clone(), series.bucket.clone());
                        let title = Signal::derive(move || match bucket.as_str() {
                            "week" => t_string!(i18n, usage.per_week).to_string(),
                            "month" => t_string!(i18n, usage.per_month).to_string(),
                            _ => t_string!(i18n, usage.per_day).to_string(),
                        });
                        Either::Left(view! {
                            <section class="card" aria-labelledby="tokens-heading">
                                <h2 id="tokens-heading">{t!(i18n, usage.tokens)}</h2>
                                <p class="muted" data-testid="token-total">
                                    {move || fill(t_string!(i18n, usage.total), &[
                                        ("n", &format::count(loc(), total)),
                                        ("from", &format::date(loc(), &from)),
                                        ("to", &format::date(loc(), &to)),
                                        ("zone", &zone),
                                    ])}
                                </p>
                                <LineChart id="tokens" title labels values unit=Signal::derive(move || t_string!(i18n, usage.tokens).to_string())/>
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
                            <h2 id="models-heading">{t!(i18n, usage.by_model)}</h2>
                            {if slices.is_empty() {
                                Either::Left(view! { <p class="empty">{t!(i18n, usage.none)}</p> })
                            } else {
                                Either::Right(view! {
                                    <DonutChart id="models" title=Signal::derive(move || t_string!(i18n, usage.share).to_string()) slices/>
                                })
                            }}
                        </section>
                    }
                })
            })}
        </Transition>
    }
}
