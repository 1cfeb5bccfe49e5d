//! The browser face: Leptos components rendered on the server and hydrated in the browser.
//!
//! `App` owns the router and the session: the signed-in user is a blocking resource, so a protected page's
//! redirect to `/login` is decided before any HTML is streamed, and it is refetched whenever a sign-in,
//! sign-up or sign-out action completes.

pub mod components;
pub mod locale;
pub mod pages;

// `i18n`: the `Locale` enum, `use_i18n`, `t!` and the provider, generated from `locales/` at compile time.
// leptos_i18n 0.6 prefers generating this from build.rs with `leptos_i18n_build`, but that build dependency
// compiles ICU's CLDR exporter with networking and a wasm runtime, minutes on every clean build, for a
// module the macro makes just as well; see `locale::fill` for the one thing it lacks.
#[allow(deprecated)]
mod generated {
    leptos_i18n::load_locales!();
}
pub use generated::i18n;

use crate::api::{
    auth::{current_user, SignIn, SignOut, SignUp, User},
    security::SignInCode,
    settings::Theme,
    ApiError,
};
use components::{bell::NotificationActions, shell::ProtectedLayout};
use i18n::{t_string, use_i18n, I18nContextProvider};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};
use pages::{
    calls::{CallDetailPage, CallsPage},
    goodbye::GoodbyePage,
    login::LoginPage,
    not_found::NotFound,
    notifications::NotificationsPage,
    overview::OverviewPage,
    password_reset::{ForgotPasswordPage, ResetPasswordPage},
    profile::ProfilePage,
    register::RegisterPage,
    security::SecurityPage,
    settings::SettingsPage,
    subscription::SubscriptionPage,
    support::{ArticlePage, ContactPage, SupportPage},
    usage::UsagePage,
    verify_email::VerifyEmailPage,
    welcome::WelcomePage,
};

/// The HTML document around the app (server only: the browser hydrates `App` inside it), drawn in `theme`
/// from its first byte, so the page never shows the other palette first. `lang` and `dir` are the language the
/// server chose for this request, so the page arrives in it too.
pub fn shell(options: LeptosOptions, theme: Theme) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let language = locale::request_locale().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let language = locale::Locale::default();
    let lang = leptos_i18n::Locale::as_str(language);
    let dir = locale::direction(language);
    view! {
        <!DOCTYPE html>
        <html lang=lang dir=dir data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content=theme.color_schemes()/>
                <link rel="stylesheet" href="/pkg/dashboard.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The session as every component sees it.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, ApiError>>,
    pub sign_in: ServerAction<SignIn>,
    /// The second step of a sign-in with 2FA on.
    pub sign_in_code: ServerAction<SignInCode>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // `<html lang dir>` is the server's (see `shell`) and then `HtmlLangSync`'s: the provider's own `<Html>`
    // would write the attributes a second time. The `lang` cookie is ours too (`server::http::locale`).
    view! {
        <I18nContextProvider
            set_lang_attr_on_html=false
            set_dir_attr_on_html=false
            ssr_lang_header_getter=locale::server_choice()
        >
            <locale::HtmlLangSync/>
            <Routed/>
        </I18nContextProvider>
    }
}

/// The session, the shared actions and the routes, inside the i18n context.
#[component]
fn Routed() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let sign_in_code = ServerAction::<SignInCode>::new();
    let sign_up = ServerAction::<SignUp>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let user = Resource::new_blocking(
        move || {
            (
                sign_in.version().get(),
                sign_in_code.version().get(),
                sign_up.version().get(),
                sign_out.version().get(),
            )
        },
        |_| current_user(),
    );
    provide_context(Session {
        user,
        sign_in,
        sign_in_code,
        sign_up,
        sign_out,
    });
    // Shared by the header's bell and the notifications page (see `components::bell`).
    NotificationActions::provide();

    view! {
        <Title formatter=move |page: String| {
            let brand = t_string!(i18n, common.brand);
            if page.is_empty() { brand.to_string() } else { format!("{page} · {brand}") }
        }/>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                // Async rendering: the whole page, every Suspense resolved, is rendered before the first byte
                // is sent, so it is complete without JavaScript. In-order streaming did that for the body but
                // sent `<head>` as soon as the first chunk was ready: a `<Title>` rendered inside the layout's
                // Suspense then arrived only as a script, and a page without JavaScript had no title whenever
                // the server was slower than that race. The pages read local data, so waiting costs little.
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/goodbye") view=GoodbyePage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=ProtectedLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("profile") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("calls") view=CallsPage ssr=SsrMode::Async/>
                    <Route path=path!("calls/:id") view=CallDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("usage") view=UsagePage ssr=SsrMode::Async/>
                    <Route path=path!("subscription") view=SubscriptionPage ssr=SsrMode::Async/>
                    <Route path=path!("notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("security") view=SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("support") view=SupportPage ssr=SsrMode::Async/>
                    <Route path=path!("support/contact") view=ContactPage ssr=SsrMode::Async/>
                    <Route path=path!("support/articles/:slug") view=ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("welcome") view=WelcomePage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
