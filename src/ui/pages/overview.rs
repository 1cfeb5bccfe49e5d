//! `/`: the overview. Urgent notifications first, then the widgets the user chose, in their order, at the
//! density of their layout preference (default, compact, detailed).

use crate::{
    api::overview::{fetch_overview_page, OverviewPage},
    ui::components::{charts::format_number, states::ErrorState},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| fetch_overview_page());
    view! {
        <Title text="Overview"/>
        <crate::ui::pages::welcome::SetupHint/>
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading your overview…"</p> }>
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
    let layout = format!("overview layout-{}", data.preferences.dashboard_layout);
    let name = data.dashboard.user.full_name.clone();
    let email = data.dashboard.user.email.clone();
    let joined = data.overview.user.joined.clone();
    let joined_date = joined.get(..10).unwrap_or(&joined).to_owned();
    let widgets: Vec<String> = data.preferences.dashboard_widgets.clone();
    let data = StoredValue::new(data);
    view! {
        <h1 data-testid="welcome">"Welcome, " {name.clone()}</h1>
        <p class="account-line muted">
            <span data-testid="account-name">{name}</span> " · "
            <span data-testid="account-email">{email}</span> " · member since "
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
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional, into)] note: String,
) -> impl IntoView {
    view! {
        <div class="stat">
            <span class="stat-label">{label}</span>
            <span class="stat-value">{value}</span>
            <span class="stat-note">{note}</span>
        </div>
    }
}

#[component]
fn Urgent(data: StoredValue<OverviewPage>) -> impl IntoView {
    let urgent = data.with_value(|d| d.urgent.clone());
    (!urgent.is_empty()).then(|| {
        view! {
            <section class="urgent" aria-labelledby="urgent-heading" data-testid="urgent">
                <h2 id="urgent-heading">"Needs your attention"</h2>
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
    view! {
        <section class="card widget" aria-labelledby="calls-heading">
            <h2 id="calls-heading">"Calls"</h2>
            <div class="stats" data-testid="call-stats">
                <Stat label="Total calls" value=format_number(s.total_calls as f64)/>
                <Stat label="This month" value=format_number(s.this_month_calls as f64)/>
                <Stat label="Success rate" value=format!("{:.1}%", s.success_rate)
                    note=format!("{} successful", format_number(s.successful_calls as f64))/>
            </div>
            <A href="/calls" attr:class="more">"Call history"</A>
        </section>
    }
}

#[component]
fn SubscriptionStatus(data: StoredValue<OverviewPage>) -> impl IntoView {
    let subscription = data.with_value(|d| d.dashboard.subscription.clone());
    view! {
        <section class="card widget" aria-labelledby="plan-heading">
            <h2 id="plan-heading">"Subscription"</h2>
            {match subscription {
                Some(s) => Either::Left(view! {
                    <div class="stats" data-testid="plan">
                        <Stat label="Plan" value=s.plan.name.clone() note=format!("${:.2} a month", s.plan.price)/>
                        <Stat label="Days left" value=s.days_remaining.to_string() note=s.status.clone()/>
                    </div>
                }),
                None => Either::Right(view! { <p class="empty">"You have no plan yet."</p> }),
            }}
            <A href="/subscription" attr:class="more">"Manage subscription"</A>
        </section>
    }
}

#[component]
fn Usage(data: StoredValue<OverviewPage>) -> impl IntoView {
    let stats = data.with_value(|d| d.overview.stats.clone());
    view! {
        <section class="card widget" aria-labelledby="usage-heading">
            <h2 id="usage-heading">"Chats and images"</h2>
            <div class="stats" data-testid="usage-stats">
                <Stat label="Chats" value=format_number(stats.total_chats as f64)/>
                <Stat label="Images" value=format_number(stats.total_images as f64)/>
                <Stat label="Tokens used" value=format_number(stats.total_tokens_used as f64)/>
            </div>
            <p class="stat-note">"Member since " {stats.account_created}</p>
            <A href="/usage" attr:class="more">"Usage details"</A>
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
    view! {
        <section class="card widget wide" aria-labelledby="recent-calls-heading">
            <h2 id="recent-calls-heading">"Recent calls"</h2>
            {if calls.is_empty() {
                Either::Left(view! { <p class="empty">"No calls yet."</p> })
            } else {
                Either::Right(view! {
                    <table class="table">
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Number"</th><th scope="col">"Status"</th><th scope="col">"Agent"</th></tr></thead>
                        <tbody>
                            {calls
                                .into_iter()
                                .zip(times)
                                .map(|(c, when)| view! {
                                    <tr>
                                        <td><A href=format!("/calls/{}", c.id)>{when}</A></td>
                                        <td>{c.phone_number}</td>
                                        <td><span class=format!("badge status-{}", c.status)>{c.status.clone()}</span></td>
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
    view! {
        <section class="card widget wide" aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Recent chats and images"</h2>
            <div class="columns">
                <div>
                    <h3>"Chats"</h3>
                    {if recent.recent_chats.is_empty() {
                        Either::Left(view! { <p class="empty">"No chats yet."</p> })
                    } else {
                        Either::Right(view! {
                            <ul class="plain">
                                {recent.recent_chats.into_iter().map(|c| view! { <li>{c.title}</li> }).collect_view()}
                            </ul>
                        })
                    }}
                </div>
                <div>
                    <h3>"Images"</h3>
                    {if recent.recent_images.is_empty() {
                        Either::Left(view! { <p class="empty">"No images yet."</p> })
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
    view! {
        <section class="card widget" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">"Notifications"</h2>
            <p>{if unread == 0 { "You are all caught up.".to_owned() } else { format!("{unread} unread") }}</p>
            <A href="/notifications" attr:class="more">"See all"</A>
        </section>
    }
}

#[component]
fn QuickActions(data: StoredValue<OverviewPage>) -> impl IntoView {
    let actions = data.with_value(|d| d.quick_actions.clone());
    (!actions.is_empty()).then(|| {
        view! {
            <section class="card widget" aria-labelledby="actions-heading">
                <h2 id="actions-heading">"Quick actions"</h2>
                <div class="actions">
                    {actions
                        .into_iter()
                        .map(|a| view! { <a class="button primary inline" href=a.url rel="noopener">{a.label}</a> })
                        .collect_view()}
                </div>
            </section>
        }
    })
}
