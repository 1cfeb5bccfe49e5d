//! `/verify-email?token=…`: the page a verification link opens. It confirms the address as it renders (the
//! link itself is the user's consent), so it works without JavaScript; a failed link offers a new one.

use crate::{
    api::{
        email::{verify_email, EmailVerified, ResendVerification},
        ApiError, ErrorCode,
    },
    ui::components::forms::{Field, FormError},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let resent = move || query.with(|q| q.get("resent")).is_some();
    // Blocking: the outcome is part of the first HTML, so the page is complete without JavaScript.
    let outcome = Resource::new_blocking(token, |token| async move {
        if token.is_empty() {
            None
        } else {
            Some(verify_email(token).await)
        }
    });

    view! {
        <Title text="Confirm your email"/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>"Confirm your email"</h1>
                <Show
                    when=resent
                    fallback=move || view! {
                        <Suspense fallback=|| view! { <p class="muted">"Checking your link…"</p> }>
                            {move || outcome.get().map(|o| view! { <Outcome outcome=o/> })}
                        </Suspense>
                    }
                >
                    <p class="notice success" role="status">
                        "If this address is waiting for confirmation, a new link is on its way. It works once and for 24 hours."
                    </p>
                    <p class="auth-switch"><A href="/login">"Back to sign in"</A></p>
                </Show>
            </section>
        </main>
    }
}

#[component]
fn Outcome(outcome: Option<Result<EmailVerified, ApiError>>) -> impl IntoView {
    match outcome {
        Some(Ok(done)) => {
            let text = if done.changed {
                format!(
                    "Your account now uses {}. The old address has been told.",
                    done.email
                )
            } else {
                format!("{} is confirmed. Thank you.", done.email)
            };
            view! {
                <p class="notice success" role="status" data-testid="verified">{text}</p>
                <p class="auth-switch"><A href="/">"Continue to your dashboard"</A></p>
            }
            .into_any()
        }
        Some(Err(error)) => view! {
            <p class="form-error" role="alert" data-testid="form-error">{error.message}</p>
            <Resend/>
        }
        .into_any(),
        None => view! {
            <p class="muted">"Open the link from the email we sent you, or ask for a new one."</p>
            <Resend/>
        }
        .into_any(),
    }
}

/// Asks for a new link; the answer is the same whether or not the address has an account.
#[component]
fn Resend() -> impl IntoView {
    let action = ServerAction::<ResendVerification>::new();
    let query = use_query_map();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let pending = action.pending();
    view! {
        <h2>"Send a new link"</h2>
        <FormError error code/>
        <ActionForm action>
            <Field name="email" label="Email" kind="email" autocomplete="email" required=true error/>
            <button type="submit" class="button primary" disabled=pending>"Send a new link"</button>
        </ActionForm>
    }
}
