//! `/login`: works as a plain HTML form (no JavaScript) and as a hydrated form with inline errors. With 2FA on,
//! the password step leads to `/login?step=code`, where the code (or a recovery code) completes the sign-in.

use crate::{
    api::ErrorCode,
    ui::{
        components::forms::{Field, FormError},
        Session,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let error = Signal::derive(move || session.sign_in.value().get().and_then(Result::err));
    let pending = session.sign_in.pending();
    let code_step = move || query.with(|q| q.get("step")).as_deref() == Some("code");

    view! {
        <Show when=code_step fallback=move || view! { <PasswordStep next code error pending/> }>
            <CodeStep next code/>
        </Show>
    }
}

#[component]
fn PasswordStep(
    next: impl Fn() -> String + Send + Sync + Copy + 'static,
    code: Signal<Option<ErrorCode>>,
    error: Signal<Option<crate::api::ApiError>>,
    pending: Memo<bool>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text="Sign in"/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Sign in"</h1>
                <p class="muted">"Welcome back. Sign in to see your calls, usage and subscription."</p>
                <FormError error code/>
                <ActionForm action=session.sign_in>
                    <input type="hidden" name="next" value=next/>
                    <Field name="email" label="Email" kind="email" autocomplete="username" required=true error/>
                    <Field name="password" label="Password" kind="password" autocomplete="current-password" required=true error/>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p class="auth-switch"><A href="/forgot-password">"Forgot your password?"</A></p>
                <p class="auth-switch">"New here? " <A href="/register">"Create an account"</A></p>
            </section>
        </main>
    }
}

/// The second step: a 6-digit code from the authenticator app, or a recovery code.
#[component]
fn CodeStep(
    next: impl Fn() -> String + Send + Sync + Copy + 'static,
    code: Signal<Option<ErrorCode>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let action = session.sign_in_code;
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let pending = action.pending();
    let code = Signal::derive(move || {
        code.get().map(|c| match c {
            // The code, not the password, was wrong at this step.
            ErrorCode::InvalidCredentials => ErrorCode::ValidationFailed,
            other => other,
        })
    });
    view! {
        <Title text="Two-factor sign-in"/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Enter your code"</h1>
                <p class="muted">"Open your authenticator app and enter the 6-digit code, or enter one of your recovery codes."</p>
                <FormError error code/>
                <ActionForm action>
                    <input type="hidden" name="next" value=next/>
                    <Field name="code" label="Code" autocomplete="one-time-code" required=true error/>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { "Checking…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p class="auth-switch"><A href="/login">"Start again"</A></p>
            </section>
        </main>
    }
}
