//! `/register`: create an account and land on the overview, signed in.

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
pub fn RegisterPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let query = use_query_map();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let error = Signal::derive(move || session.sign_up.value().get().and_then(Result::err));
    let pending = session.sign_up.pending();

    view! {
        <Title text="Create your account"/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Create your account"</h1>
                <p class="muted">"One place for your calls, chats, images, usage and billing."</p>
                <FormError error code/>
                <ActionForm action=session.sign_up>
                    <div class="field-row">
                        <Field name="first_name" label="First name" autocomplete="given-name" required=true error/>
                        <Field name="last_name" label="Last name" autocomplete="family-name" error/>
                    </div>
                    <Field name="email" label="Email" kind="email" autocomplete="email" required=true error/>
                    <Field name="password" label="Password" kind="password" autocomplete="new-password" required=true error/>
                    <p class="hint">"At least 8 characters; common passwords are refused."</p>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { "Creating…" } else { "Create account" }}
                    </button>
                </ActionForm>
                <p class="auth-switch">"Already have an account? " <A href="/login">"Sign in"</A></p>
            </section>
        </main>
    }
}
