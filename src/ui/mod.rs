//! The browser face: Leptos components rendered on the server and hydrated in the browser.
//!
//! `App` owns the router and the session: the signed-in user is a blocking resource, so a protected page's
//! redirect to `/login` is decided before any HTML is streamed, and it is refetched whenever a sign-in,
//! sign-up or sign-out action completes.

pub mod components;
pub mod pages;

use crate::api::{
    auth::{current_user, SignIn, SignOut, SignUp, User},
    security::SignInCode,
    settings::Theme,
    ApiError,
};
use components::{bell::NotificationActions, shell::ProtectedLayout};
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
/// from its first byte, so the page never shows the other palette first.
pub fn shell(options: LeptosOptions, theme: Theme) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en" dir="ltr" data-theme=theme.as_str()>
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
        <Title formatter=|page: String| if page.is_empty() { "Dashboard".to_owned() } else { format!("{page} · Dashboard") }/>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                // In-order streaming: every Suspense resolves in place before the HTML after it is sent, so
                // the pages are complete without JavaScript (out-of-order streaming would need a script to
                // swap the resolved content in).
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::InOrder/>
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::InOrder/>
                <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::InOrder/>
                <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::InOrder/>
                <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::InOrder/>
                <Route path=path!("/goodbye") view=GoodbyePage ssr=SsrMode::InOrder/>
                <ParentRoute path=path!("") view=ProtectedLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=OverviewPage ssr=SsrMode::InOrder/>
                    <Route path=path!("profile") view=ProfilePage ssr=SsrMode::InOrder/>
                    <Route path=path!("calls") view=CallsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("calls/:id") view=CallDetailPage ssr=SsrMode::InOrder/>
                    <Route path=path!("usage") view=UsagePage ssr=SsrMode::InOrder/>
                    <Route path=path!("subscription") view=SubscriptionPage ssr=SsrMode::InOrder/>
                    <Route path=path!("notifications") view=NotificationsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("security") view=SecurityPage ssr=SsrMode::InOrder/>
                    <Route path=path!("support") view=SupportPage ssr=SsrMode::InOrder/>
                    <Route path=path!("support/contact") view=ContactPage ssr=SsrMode::InOrder/>
                    <Route path=path!("support/articles/:slug") view=ArticlePage ssr=SsrMode::InOrder/>
                    <Route path=path!("welcome") view=WelcomePage ssr=SsrMode::InOrder/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
