//! The header's bell: a link to `/notifications` that says how many are unread.
//!
//! The bell sits in the frame and the notifications page in the frame's outlet, so neither can hand the other
//! anything; `NotificationActions`, provided once by `App`, is what they share. Marking read on the page
//! bumps the action's version, and the bell's count, keyed on it, is fetched again: no reload.

use crate::ui::locale::fill;
use crate::{
    api::notifications::{unread_notification_count, UpdateNotifications},
    ui::{
        components::format,
        i18n::{t_string, use_i18n},
    },
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The notification mutations, shared by the bell and the notifications page.
#[derive(Clone, Copy)]
pub struct NotificationActions {
    /// Marks one notification, or all of them, as read.
    pub update: ServerAction<UpdateNotifications>,
}

impl NotificationActions {
    /// Called once, by `App`, so every page sees the same actions.
    pub fn provide() {
        provide_context(Self {
            update: ServerAction::new(),
        });
    }
}

#[component]
pub fn NotificationBell() -> impl IntoView {
    let actions = expect_context::<NotificationActions>();
    let unread = Resource::new(
        move || actions.update.version().get(),
        |_| unread_notification_count(),
    );
    view! {
        <Transition fallback=|| view! { <BellLink unread=None/> }>
            {move || Suspend::new(async move {
                // Without a count (the request failed) the bell is still the way to the page.
                let unread = unread.await.ok();
                view! { <BellLink unread/> }
            })}
        </Transition>
    }
}

#[component]
fn BellLink(unread: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || match unread {
        Some(n) => {
            let n = format::count(i18n.get_locale(), n);
            fill(t_string!(i18n, common.bell_unread), &[("n", &n)])
        }
        None => t_string!(i18n, common.bell).to_string(),
    };
    let badge = unread.filter(|n| *n > 0).map(|n| {
        move || {
            let locale = i18n.get_locale();
            if n > 99 {
                format!("{}+", format::count(locale, 99))
            } else {
                format::count(locale, n)
            }
        }
    });
    view! {
        <A href="/notifications" attr:class="bell" attr:aria-label=label attr:data-testid="notification-bell">
            <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
                <path
                    d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15a2.5 2.5 0 0 0 5 0Z"
                    fill="currentColor"
                />
            </svg>
            {badge.map(|n| view! { <span class="bell-count" aria-hidden="true">{n}</span> })}
        </A>
    }
}
