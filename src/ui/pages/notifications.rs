//! `/notifications`: the user's notifications, newest first, urgent ones marked; an "Unread only" filter and
//! the page number live in the URL (`?unread_only=true&page=2`), so plain links work without JavaScript and a
//! filtered view can be bookmarked. Marking read goes through the action the header's bell watches.

use crate::{
    api::{
        notifications::{list_notifications, Notification, NotificationPage},
        ErrorCode,
    },
    ui::components::{
        bell::NotificationActions,
        format,
        forms::FormError,
        outcome::{report, Outcome, OutcomeMessage},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The list's address for a filter and page; page 1 is left out so the plain address stays plain.
fn href(unread_only: bool, page: i64) -> String {
    match (unread_only, page) {
        (false, 1) => "/notifications".to_owned(),
        (true, 1) => "/notifications?unread_only=true".to_owned(),
        (false, p) => format!("/notifications?page={p}"),
        (true, p) => format!("/notifications?unread_only=true&page={p}"),
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let actions = expect_context::<NotificationActions>();
    let query = use_query_map();
    let unread_only =
        Memo::new(move |_| query.with(|q| q.get("unread_only").as_deref() == Some("true")));
    // Anything but a page number from 1 shows the first page.
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let list = Resource::new(
        move || {
            (
                unread_only.get(),
                page.get(),
                actions.update.version().get(),
            )
        },
        |(unread_only, page, _)| list_notifications(unread_only, page),
    );
    let outcome = RwSignal::new(None::<Outcome>);
    report(actions.update, outcome, |update| match update.updated {
        0 => "Nothing to mark: it was already read.".to_owned(),
        1 => "Marked 1 notification as read.".to_owned(),
        n => format!("Marked {n} notifications as read."),
    });

    view! {
        <Title text="Notifications"/>
        <h1>"Notifications"</h1>
        <FormError error=Signal::derive(|| None) code/>
        <nav class="filter-tabs" aria-label="Filter">
            <a href=href(false, 1) aria-current=move || (!unread_only.get()).then_some("page")>"All"</a>
            <a href=href(true, 1) aria-current=move || unread_only.get().then_some("page")>"Unread only"</a>
        </nav>
        <OutcomeMessage outcome testid="notifications-outcome"/>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading notifications…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) => Either::Left(view! { <NotificationList page unread_only=unread_only.get_untracked()/> }),
                    Err(e) => Either::Right(view! {
                        <div class="card empty" role="alert">
                            <p>"We could not load your notifications: " {e.message}</p>
                            <a href=href(unread_only.get_untracked(), page.get_untracked()) rel="external">"Try again"</a>
                        </div>
                    }),
                }
            })}
        </Transition>
    }
}

#[component]
fn NotificationList(page: NotificationPage, unread_only: bool) -> impl IntoView {
    let actions = expect_context::<NotificationActions>();
    let pending = actions.update.pending();
    let summary = match page.unread_count {
        0 => "Everything is read.".to_owned(),
        n => format!("{n} unread."),
    };
    let empty = page.results.is_empty().then(|| {
        let text = match (page.count, unread_only) {
            (0, true) => "No unread notifications. You are all caught up.",
            (0, false) => "No notifications yet.",
            _ => "There is nothing on this page.",
        };
        view! {
            <div class="card empty" data-testid="notifications-empty">
                <p>{text}</p>
                {(page.count > 0).then(|| view! { <a href=href(unread_only, 1)>"Go to the first page"</a> })}
            </div>
        }
    });
    view! {
        <div class="list-toolbar">
            <p class="muted" data-testid="unread-summary">{summary}</p>
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="mark_all_read" value="true"/>
                <button type="submit" class="button ghost" disabled=move || page.unread_count == 0 || pending.get()>
                    "Mark all as read"
                </button>
            </ActionForm>
        </div>
        {empty}
        <ul class="notification-list">
            {page.results.into_iter().map(|n| view! { <NotificationItem n/> }).collect_view()}
        </ul>
        <Pager page=page.page total_pages=page.total_pages unread_only/>
    }
}

#[component]
fn NotificationItem(n: Notification) -> impl IntoView {
    let actions = expect_context::<NotificationActions>();
    let pending = actions.update.pending();
    let when = format::date_time(&n.created_at);
    let (id, title) = (n.id.clone(), n.title.clone());
    let mark = (!n.read).then(move || {
        view! {
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="notification_id" value=id/>
                <button type="submit" class="button ghost small" disabled=move || pending.get()>
                    "Mark as read" <span class="visually-hidden">" " {title}</span>
                </button>
            </ActionForm>
        }
    });
    view! {
        <li
            class="notification card"
            class:unread=!n.read
            class:urgent=n.urgent
            data-testid="notification"
            data-read=n.read.to_string()
        >
            <div class="notification-text">
                <h2 class="notification-title">
                    {n.urgent.then(|| view! { <span class="badge urgent">"Urgent"</span> " " })}
                    {n.title.clone()}
                </h2>
                <p>{n.body}</p>
                <p class="muted small">
                    <time datetime=n.created_at.clone()>{when}</time>
                    " · "
                    <span class="read-state">{if n.read { "Read" } else { "Unread" }}</span>
                </p>
            </div>
            {mark}
        </li>
    }
}

#[component]
fn Pager(page: i64, total_pages: i64, unread_only: bool) -> impl IntoView {
    (total_pages > 1 || page > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {(page > 1).then(|| view! { <a href=href(unread_only, (page - 1).min(total_pages.max(1))) rel="prev">"Previous"</a> })}
                <span>{format!("Page {page} of {}", total_pages.max(1))}</span>
                {(page < total_pages).then(|| view! { <a href=href(unread_only, page + 1) rel="next">"Next"</a> })}
            </nav>
        }
    })
}
