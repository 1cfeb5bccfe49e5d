//! The signed-in frame: header with the user menu, the sidebar with the dashboard's sections, and the
//! redirect to `/login?next=…` for visitors.

use super::bell::NotificationBell;
use crate::{api::auth::User, ui::Session};
use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{
    components::{Outlet, Redirect, A},
    hooks::use_location,
};

/// The sections of the dashboard, in sidebar order.
pub const SECTIONS: [(&str, &str); 8] = [
    ("/", "Overview"),
    ("/profile", "Profile"),
    ("/calls", "Calls"),
    ("/usage", "Usage"),
    ("/subscription", "Subscription"),
    ("/settings", "Settings"),
    ("/security", "Security"),
    ("/support", "Support"),
];

#[component]
pub fn ProtectedLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="page-loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => EitherOf3::A(view! { <Frame user/> }),
                    Ok(None) => {
                        let here = location.pathname.get_untracked();
                        let search = location.search.get_untracked();
                        let here = if search.is_empty() {
                            here
                        } else {
                            format!("{here}?{}", search.trim_start_matches('?'))
                        };
                        let target = if here == "/" {
                            "/login".to_owned()
                        } else {
                            format!("/login?next={}", urlencoding::encode(&here))
                        };
                        EitherOf3::B(view! { <Redirect path=target/> })
                    }
                    Err(e) => EitherOf3::C(view! {
                        <main class="page-error" role="alert">
                            <h1>"We could not load your account"</h1>
                            <p>{e.message}</p>
                        </main>
                    }),
                }
            })}
        </Suspense>
    }
}

/// The signed-in user as the header shows them. A page that changes the user's name writes the saved one here
/// instead of refetching the session: a new session value re-renders the whole frame, and the page inside it
/// would lose its forms' state, their messages and the keyboard focus.
#[derive(Clone, Copy)]
pub struct HeaderUser(pub RwSignal<User>);

#[component]
fn Frame(user: User) -> impl IntoView {
    let session = expect_context::<Session>();
    let shown = RwSignal::new(user);
    provide_context(HeaderUser(shown));
    let name = move || shown.with(User::display_name);
    let initial = move || {
        name()
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default()
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <A href="/" attr:class="brand">"Dashboard"</A>
            <div class="user-menu">
                <NotificationBell/>
                <span class="avatar" aria-hidden="true">{initial}</span>
                <span class="user-name" data-testid="user-name">{name}</span>
                <ActionForm action=session.sign_out attr:class="inline-form">
                    <button type="submit" class="button ghost">"Sign out"</button>
                </ActionForm>
            </div>
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label="Sections">
                <ul>
                    {SECTIONS
                        .iter()
                        .map(|(href, label)| view! { <li><A href=*href exact=true>{*label}</A></li> })
                        .collect_view()}
                </ul>
            </nav>
            <main id="main" class="content">
                <Outlet/>
            </main>
        </div>
    }
}
