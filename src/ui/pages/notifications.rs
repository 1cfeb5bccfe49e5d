//! `/notifications`: the user's notifications, newest first, urgent ones marked; an "Unread only" filter and
//! the page number live in the URL (`?unread_only=true&page=2`), so plain links work without JavaScript and a
//! filtered view can be bookmarked. Marking read goes through the action the header's bell watches.

use crate::ui::locale::fill;
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
    ui::i18n::{t, t_string, td_string, use_i18n},
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
    let i18n = use_i18n();
    // Worded when the answer arrives, in the language of that moment.
    report(actions.update, outcome, move |update| {
        let locale = i18n.get_locale_untracked();
        let count = update.updated;
        match count {
            0 => td_string!(locale, notifications.marked_none).to_string(),
            n => fill(
                crate::plural!(locale, notifications.marked, n),
                &[("n", &format::count(locale, n))],
            ),
        }
    });

    view! {
        <Title text=move || t_string!(i18n, notifications.title)/>
        <h1>{t!(i18n, notifications.title)}</h1>
        <FormError error=Signal::derive(|| None) code/>
        <nav class="filter-tabs" aria-label=move || t_string!(i18n, notifications.filter)>
            <a href=href(false, 1) aria-current=move || (!unread_only.get()).then_some("page")>{t!(i18n, notifications.all)}</a>
            <a href=href(true, 1) aria-current=move || unread_only.get().then_some("page")>{t!(i18n, notifications.unread_only)}</a>
        </nav>
        <OutcomeMessage outcome testid="notifications-outcome"/>
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, notifications.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) => Either::Left(view! { <NotificationList page unread_only=unread_only.get_untracked()/> }),
                    Err(e) => Either::Right(view! {
                        <div class="card empty" role="alert">
                            <p>{t!(i18n, notifications.load_failed)} {crate::ui::components::forms::error_text(e)}</p>
                            <a href=href(unread_only.get_untracked(), page.get_untracked()) rel="external">{t!(i18n, common.try_again)}</a>
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
    let i18n = use_i18n();
    let unread = page.unread_count;
    let summary = move || match unread {
        0 => t_string!(i18n, notifications.all_read).to_string(),
        n => fill(
            t_string!(i18n, notifications.unread),
            &[("n", &format::count(i18n.get_locale(), n))],
        ),
    };
    let count = page.count;
    let empty = page.results.is_empty().then(|| {
        let text = move || match (count, unread_only) {
            (0, true) => t_string!(i18n, notifications.none_unread),
            (0, false) => t_string!(i18n, notifications.none),
            _ => t_string!(i18n, notifications.empty_page),
        };
        view! {
            <div class="card empty" data-testid="notifications-empty">
                <p>{text}</p>
                {(count > 0).then(|| view! { <a href=href(unread_only, 1)>{t!(i18n, notifications.first_page)}</a> })}
            </div>
        }
    });
    view! {
        <div class="list-toolbar">
            <p class="muted" data-testid="unread-summary">{summary}</p>
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="mark_all_read" value="true"/>
                <button type="submit" class="button ghost" disabled=move || page.unread_count == 0 || pending.get()>
                    {t!(i18n, notifications.mark_all)}
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
    let i18n = use_i18n();
    let created = n.created_at.clone();
    let when = move || format::date_time(i18n.get_locale(), &created);
    let (id, title) = (n.id.clone(), n.title.clone());
    let mark = (!n.read).then(move || {
        view! {
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="notification_id" value=id/>
                <button type="submit" class="button ghost small" disabled=move || pending.get()>
                    {t!(i18n, notifications.mark)} <span class="visually-hidden">" " {title}</span>
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
                    {n.urgent.then(|| view! { <span class="badge urgent">{t!(i18n, notifications.urgent)}</span> " " })}
                    {n.title.clone()}
                </h2>
                <p>{n.body}</p>
                <p class="muted small">
                    <time datetime=n.created_at.clone()>{when}</time>
                    " · "
                    <span class="read-state">{move || if n.read { t_string!(i18n, notifications.read) } else { t_string!(i18n, notifications.unread_state) }}</span>
                </p>
            </div>
            {mark}
        </li>
    }
}

#[component]
fn Pager(page: i64, total_pages: i64, unread_only: bool) -> impl IntoView {
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    (total_pages > 1 || page > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, common.pages)>
                {(page > 1).then(|| view! { <a href=href(unread_only, (page - 1).min(total_pages.max(1))) rel="prev">{t!(i18n, common.previous)}</a> })}
                <span>{move || fill(t_string!(i18n, common.page_of), &[("page", &format::count(loc(), page)), ("total", &format::count(loc(), total_pages.max(1)))])}</span>
                {(page < total_pages).then(|| view! { <a href=href(unread_only, page + 1) rel="next">{t!(i18n, common.next)}</a> })}
            </nav>
        }
    })
}
