//! The signed-in frame: header with the user menu, the sidebar with the dashboard's sections, and the
//! redirect to `/login?next=…` for visitors.

use super::bell::NotificationBell;
use crate::{
    api::auth::User,
    ui::{
        i18n::{t, t_string, use_i18n},
        locale::LanguageSwitcher,
        Session,
    },
};
use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{
    components::{Outlet, Redirect, A},
    hooks::use_location,
};

/// The sections of the dashboard, in sidebar order.
pub const SECTIONS: [&str; 8] = [
    "/",
    "/profile",
    "/calls",
    "/usage",
    "/subscription",
    "/settings",
    "/security",
    "/support",
];

/// A section's name in the page's language.
fn section_label(href: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || match href {
        "/" => t_string!(i18n, common.nav.overview),
        "/profile" => t_string!(i18n, common.nav.profile),
        "/calls" => t_string!(i18n, common.nav.calls),
        "/usage" => t_string!(i18n, common.nav.usage),
        "/subscription" => t_string!(i18n, common.nav.subscription),
        "/settings" => t_string!(i18n, common.nav.settings),
        "/security" => t_string!(i18n, common.nav.security),
        _ => t_string!(i18n, common.nav.support),
    }
}

#[component]
pub fn ProtectedLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="page-loading">{t!(i18n, common.loading)}</p> }>
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
                            <h1>{t!(i18n, common.account_failed)}</h1>
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
    let i18n = use_i18n();
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
        <a class="skip-link" href="#main">{t!(i18n, common.skip)}</a>
        <header class="topbar">
            <A href="/" attr:class="brand">{t!(i18n, common.brand)}</A>
            <div class="user-menu">
                <LanguageSwitcher/>
                <NotificationBell/>
                <span class="avatar" aria-hidden="true">{initial}</span>
                <span class="user-name" data-testid="user-name">{name}</span>
                <ActionForm action=session.sign_out attr:class="inline-form">
                    <button type="submit" class="button ghost">{t!(i18n, common.sign_out)}</button>
                </ActionForm>
            </div>
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label=move || t_string!(i18n, common.sections)>
                <ul>
                    {SECTIONS
                        .iter()
                        .map(|href| view! { <li><A href=*href exact=true>{section_label(href)}</A></li> })
                        .collect_view()}
                </ul>
            </nav>
            <main id="main" class="content">
                <Outlet/>
            </main>
        </div>
    }
}
