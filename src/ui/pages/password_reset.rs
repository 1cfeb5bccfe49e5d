//! `/forgot-password` and `/reset-password?token=…`: a password reset by mail. Both are plain forms that work
//! without JavaScript; the server answers the request the same way whether or not the address has an account.

use crate::{
    api::{
        email::{RequestPasswordReset, ResetPassword},
        ErrorCode,
    },
    ui::components::forms::{Field, FormError},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

fn error_code() -> Signal<Option<ErrorCode>> {
    let query = use_query_map();
    Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    })
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|q| q.get("sent")).is_some();
    let action = ServerAction::<RequestPasswordReset>::new();
    let code = error_code();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let pending = action.pending();

    view! {
        <Title text="Reset your password"/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Reset your password"</h1>
                <Show
                    when=sent
                    fallback=move || view! {
                        <p class="muted">"Enter the email address of your account and we will mail you a link to choose a new password."</p>
                        <FormError error code/>
                        <ActionForm action>
                            <Field name="email" label="Email" kind="email" autocomplete="username" required=true error/>
                            <button type="submit" class="button primary" disabled=pending>
                                {move || if pending.get() { "Sending…" } else { "Send reset link" }}
                            </button>
                        </ActionForm>
                    }
                >
                    <p class="notice success" role="status" data-testid="reset-sent">
                        "If an account uses this address, a link to reset its password is on its way. It works once and for 30 minutes."
                    </p>
                </Show>
                <p class="auth-switch"><A href="/login">"Back to sign in"</A></p>
            </section>
        </main>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let done = move || query.with(|q| q.get("done")).is_some();
    let action = ServerAction::<ResetPassword>::new();
    let code = error_code();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let pending = action.pending();
    let link_failed = move || {
        let from_action = error.get().map(|e| e.code);
        matches!(
            from_action.or(code.get()),
            Some(ErrorCode::TokenInvalid | ErrorCode::TokenExpired | ErrorCode::TokenUsed)
        )
    };

    let form = move || {
        if token().is_empty() {
            return view! {
                <p class="form-error" role="alert">"This link is incomplete. Check that it was copied whole, or ask for a new one."</p>
                <p><A href="/forgot-password">"Ask for a new link"</A></p>
            }
            .into_any();
        }
        view! {
            <p class="muted">"Choose a new password. Every device signed in to your account will be signed out."</p>
            <FormError error code/>
            <Show when=link_failed>
                <p><A href="/forgot-password">"Ask for a new link"</A></p>
            </Show>
            <ActionForm action>
                <input type="hidden" name="token" value=token/>
                <Field name="new_password" label="New password" kind="password" autocomplete="new-password" required=true error/>
                <Field name="confirm_password" label="Repeat the new password" kind="password" autocomplete="new-password" required=true error/>
                <p class="hint">"At least 8 characters; common passwords are refused."</p>
                <button type="submit" class="button primary" disabled=pending>
                    {move || if pending.get() { "Saving…" } else { "Set new password" }}
                </button>
            </ActionForm>
        }
        .into_any()
    };

    view! {
        <Title text="Choose a new password"/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Choose a new password"</h1>
                <Show when=done fallback=form>
                    <p class="notice success" role="status" data-testid="reset-done">
                        "Your password was changed and every device was signed out. Sign in with the new password."
                    </p>
                </Show>
                <p class="auth-switch"><A href="/login">"Sign in"</A></p>
            </section>
        </main>
    }
}
