//! `/`: the overview. Urgent notifications first, then the widgets the user chose, in their order, at the
//! density of their layout preference (default, compact, detailed).

use crate::ui::locale::fill;
use crate::{
    api::overview::{fetch_overview_page, OverviewPage},
    ui::{
        components::{format, states::ErrorState},
        i18n::{t, t_string, use_i18n},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| fetch_overview_page());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, overview.title)/>
        <crate::ui::pages::welcome::SetupHint/>
        <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, overview.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => Either::Left(view! { <Overview data/> }),
                    Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(data: OverviewPage) -> impl IntoView {
    let i18n = use_i18n();
    let layout = format!("overview layout-{}", data.preferences.dashboard_layout);
    let name = data.dashboard.user.full_name.clone();
    let email = data.dashboard.user.email.clone();
    let joined = data.overview.user.joined.clone();
    let joined_date = joined.clone();
    let joined_date = move || format::date(i18n.get_locale(), &joined_date);
    let widgets: Vec<String> = data.preferences.dashboard_widgets.clone();
    let data = StoredValue::new(data);
    view! {
        <h1 data-testid="welcome">{let who = name.clone(); move || fill(t_string!(i18n, overview.welcome), &[("name", &who)])}</h1>
        <p class="account-line muted">
            <span data-testid="account-name">{name}</span> " · "
            <span data-testid="account-email">{email}</span> " · " {t!(i18n, overview.member_since)} " "
            <time datetime=joined data-testid="account-joined">{joined_date}</time>
        </p>
        <Urgent data/>
        <div class=layout>
            {widgets.into_iter().map(|w| widget(&w, data)).collect_view()}
        </div>
    }
}

/// One widget by its preference name; unknown names (from an older version) show nothing.
fn widget(name: &str, data: StoredValue<OverviewPage>) -> AnyView {
    match name {
        "call_statistics" => view! { <CallStatistics data/> }.into_any(),
        "subscription_status" => view! { <SubscriptionStatus data/> }.into_any(),
        "usage" => view! { <Usage data/> }.into_any(),
        "recent_calls" => view! { <RecentCalls data/> }.into_any(),
        "recent_activity" => view! { <RecentActivity data/> }.into_any(),
        "notifications" => view! { <NotificationsWidget data/> }.into_any(),
        "quick_actions" => view! { <QuickActions data/> }.into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn Stat(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(optional, into)] note: Signal<String>,
    /// A word (a plan's name) rather than a number: set smaller, so a long name fits its column.
    #[prop(optional)]
    words: bool,
) -> impl IntoView {
    view! {
        <div class="stat">
            <span class="stat-label">{label}</span>
            <span class="stat-value" class:words=words>{value}</span>
            <span class="stat-note">{note}</span>
        </div>
    }
}

#[component]
fn Urgent(data: StoredValue<OverviewPage>) -> impl IntoView {
    let urgent = data.with_value(|d| d.urgent.clone());
    let i18n = use_i18n();
    (!urgent.is_empty()).then(|| {
        view! {
            <section class="urgent" aria-labelledby="urgent-heading" data-testid="urgent">
                <h2 id="urgent-heading">{t!(i18n, overview.attention)}</h2>
                <ul>
                    {urgent
                        .into_iter()
                        .map(|n| view! { <li><strong>{n.title}</strong> " " <span>{n.body}</span></li> })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn CallStatistics(data: StoredValue<OverviewPage>) -> impl IntoView {
    let s = data.with_value(|d| d.dashboard.call_statistics.clone());
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    view! {
        <section class="card widget" aria-labelledby="calls-heading">
            <h2 id="calls-heading">{t!(i18n, overview.calls)}</h2>
            <div class="stats" data-testid="call-stats">
                <Stat label=move || t_string!(i18n, overview.total_calls).to_string() value=move || format::count(loc(), s.total_calls)/>
                <Stat label=move || t_string!(i18n, overview.this_month).to_string() value=move || format::count(loc(), s.this_month_calls)/>
                <Stat label=move || t_string!(i18n, overview.success_rate).to_string() value=move || format::percent(loc(), s.success_rate)
                    note=move || fill(t_string!(i18n, overview.successful), &[("n", &format::count(loc(), s.successful_calls))])/>
            </div>
            <A href="/calls" attr:class="more">{t!(i18n, overview.call_history)}</A>
        </section>
    }
}

#[component]
fn SubscriptionStatus(data: StoredValue<OverviewPage>) -> impl IntoView {
    let subscription = data.with_value(|d| d.dashboard.subscription.clone());
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    view! {
        <section class="card widget" aria-labelledby="plan-heading">
            <h2 id="plan-heading">{t!(i18n, overview.subscription)}</h2>
            {match subscription {
                Some(s) => {
                    let price = s.plan.price;
                    let days = s.days_remaining;
                    let status = s.status.clone();
                    Either::Left(view! {
                        <div class="stats" data-testid="plan">
                            <Stat label=move || t_string!(i18n, overview.plan).to_string() value=s.plan.name.clone() words=true
                                note=move || fill(t_string!(i18n, overview.per_month), &[("price", &format::money(loc(), price, "USD"))])/>
                            <Stat label=move || t_string!(i18n, overview.days_left).to_string() value=move || format::count(loc(), days)
                                note=move || crate::ui::pages::subscription::status_label(loc(), &status)/>
                        </div>
                    })
                }
                None => Either::Right(view! { <p class="empty">{t!(i18n, overview.no_plan)}</p> }),
            }}
            <A href="/subscription" attr:class="more">{t!(i18n, overview.manage)}</A>
        </section>
    }
}

#[component]
fn Usage(data: StoredValue<OverviewPage>) -> impl IntoView {
    let (stats, age) = data.with_value(|d| (d.overview.stats.clone(), d.account_age));
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    view! {
        <section class="card widget" aria-labelledby="usage-heading">
            <h2 id="usage-heading">{t!(i18n, overview.chats_images)}</h2>
            <div class="stats" data-testid="usage-stats">
                <Stat label=move || t_string!(i18n, overview.chats).to_string() value=move || format::count(loc(), stats.total_chats)/>
                <Stat label=move || t_string!(i18n, overview.images).to_string() value=move || format::count(loc(), stats.total_images)/>
                <Stat label=move || t_string!(i18n, overview.tokens).to_string() value=move || format::count(loc(), stats.total_tokens_used)/>
            </div>
            <p class="stat-note" data-testid="account-created">
                {move || fill(t_string!(i18n, overview.joined), &[("ago", &format::ago(loc(), age))])}
            </p>
            <A href="/usage" attr:class="more">{t!(i18n, overview.usage_details)}</A>
        </section>
    }
}

#[component]
fn RecentCalls(data: StoredValue<OverviewPage>) -> impl IntoView {
    let (calls, times) = data.with_value(|d| {
        (
            d.dashboard.recent_calls.clone(),
            d.recent_call_times.clone(),
        )
    });
    let i18n = use_i18n();
    view! {
        <section class="card widget wide" aria-labelledby="recent-calls-heading">
            <h2 id="recent-calls-heading">{t!(i18n, overview.recent_calls)}</h2>
            {if calls.is_empty() {
                Either::Left(view! { <p class="empty">{t!(i18n, overview.no_calls)}</p> })
            } else {
                Either::Right(view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, overview.when)}</th><th scope="col">{t!(i18n, overview.number)}</th>
                            <th scope="col">{t!(i18n, overview.status)}</th><th scope="col">{t!(i18n, overview.agent)}</th>
                        </tr></thead>
                        <tbody>
                            {calls
                                .into_iter()
                                .zip(times)
                                .map(|(c, when)| view! {
                                    <tr>
                                        <td><A href=format!("/calls/{}", c.id)>{move || format::local_time(i18n.get_locale(), &when)}</A></td>
                                        <td dir="ltr" class="phone">{c.phone_number}</td>
                                        <td><span class=format!("badge status-{}", c.status)>{crate::ui::pages::calls::status_label(c.status.clone())}</span></td>
                                        <td>{c.agent.map(|a| a.name).unwrap_or_default()}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                })
            }}
        </section>
    }
}

#[component]
fn RecentActivity(data: StoredValue<OverviewPage>) -> impl IntoView {
    let recent = data.with_value(|d| d.recent.clone());
    let i18n = use_i18n();
    view! {
        <section class="card widget wide" aria-labelledby="activity-heading">
            <h2 id="activity-heading">{t!(i18n, overview.recent_activity)}</h2>
            <div class="columns">
                <div>
                    <h3>{t!(i18n, overview.chats)}</h3>
                    {if recent.recent_chats.is_empty() {
                        Either::Left(view! { <p class="empty">{t!(i18n, overview.no_chats)}</p> })
                    } else {
                        Either::Right(view! {
                            <ul class="plain">
                                {recent.recent_chats.into_iter().map(|c| view! { <li>{c.title}</li> }).collect_view()}
                            </ul>
                        })
                    }}
                </div>
                <div>
                    <h3>{t!(i18n, overview.images)}</h3>
                    {if recent.recent_images.is_empty() {
                        Either::Left(view! { <p class="empty">{t!(i18n, overview.no_images)}</p> })
                    } else {
                        Either::Right(view! {
                            <ul class="thumbs">
                                {recent
                                    .recent_images
                                    .into_iter()
                                    .map(|i| view! {
                                        <li>
                                            {i.thumbnail_url.map(|url| view! { <img src=url alt="" width="96" height="96" loading="lazy"/> })}
                                            <span>{i.prompt.clone()}</span>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        })
                    }}
                </div>
            </div>
        </section>
    }
}

#[component]
fn NotificationsWidget(data: StoredValue<OverviewPage>) -> impl IntoView {
    let unread = data.with_value(|d| d.unread_notifications);
    let i18n = use_i18n();
    let text = move || {
        if unread == 0 {
            t_string!(i18n, overview.caught_up).to_string()
        } else {
            fill(
                t_string!(i18n, overview.unread),
                &[("n", &format::count(i18n.get_locale(), unread))],
            )
        }
    };
    view! {
        <section class="card widget" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">{t!(i18n, overview.notifications)}</h2>
            <p>{text}</p>
            <A href="/notifications" attr:class="more">{t!(i18n, overview.see_all)}</A>
        </section>
    }
}

#[component]
fn QuickActions(data: StoredValue<OverviewPage>) -> impl IntoView {
    let actions = data.with_value(|d| d.quick_actions.clone());
    let i18n = use_i18n();
    (!actions.is_empty()).then(|| {
        view! {
            <section class="card widget" aria-labelledby="actions-heading">
                <h2 id="actions-heading">{t!(i18n, overview.quick_actions)}</h2>
                <div class="actions">
                    {actions
                        .into_iter()
                        .map(|a| {
                            let kind = a.kind.clone();
                            let label = move || match kind.as_str() {
                                "chat" => t_string!(i18n, overview.action_chat).to_string(),
                                "image" => t_string!(i18n, overview.action_image).to_string(),
                                "call" => t_string!(i18n, overview.action_call).to_string(),
                                _ => a.label.clone(),
                            };
                            view! { <a class="button primary inline" href=a.url rel="noopener">{label}</a> }
                        })
                        .collect_view()}
                </div>
            </section>
        }
    })
}
