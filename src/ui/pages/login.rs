//! `/login`: works as a plain HTML form (no JavaScript) and as a hydrated form with inline errors.

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
