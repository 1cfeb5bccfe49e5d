//! `/verify-email?token=…`: the page a verification link opens. It confirms the address as it renders (the
//! link itself is the user's consent), so it works without JavaScript; a failed link offers a new one.

use crate::{
    api::{
        email::{verify_email, EmailVerified, ResendVerification},
        ApiError, ErrorCode,
    },
    ui::components::forms::{Field, FormError},
};
use crate::{
    tr,
    ui::{
        components::forms::error_text,
        i18n::{t, t_string, use_i18n},
        locale::fill,
    },
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

    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, auth.confirm_title)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, auth.confirm_title)}</h1>
                <Show
                    when=resent
                    fallback=move || view! {
                        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, auth.checking_link)}</p> }>
                            {move || outcome.get().map(|o| view! { <Outcome outcome=o/> })}
                        </Suspense>
                    }
                >
                    <p class="notice success" role="status">
                        {t!(i18n, auth.resent)}
                    </p>
                    <p class="auth-switch"><A href="/login">{t!(i18n, auth.back_to_sign_in)}</A></p>
                </Show>
            </section>
        </main>
    }
}

#[component]
fn Outcome(outcome: Option<Result<EmailVerified, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        Some(Ok(done)) => {
            let text = move || {
                let template = if done.changed {
                    t_string!(i18n, auth.email_changed)
                } else {
                    t_string!(i18n, auth.email_confirmed)
                };
                fill(template, &[("email", &done.email)])
            };
            view! {
                <p class="notice success" role="status" data-testid="verified">{text}</p>
                <p class="auth-switch"><A href="/">{t!(i18n, auth.to_dashboard)}</A></p>
            }
            .into_any()
        }
        Some(Err(error)) => view! {
            <p class="form-error" role="alert" data-testid="form-error">{error_text(error)}</p>
            <Resend/>
        }
        .into_any(),
        None => view! {
            <p class="muted">{t!(i18n, auth.open_link)}</p>
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
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, auth.send_new_link)}</h2>
        <FormError error code/>
        <ActionForm action>
            <Field name="email" label=tr!(i18n, auth.email) kind="email" autocomplete="email" required=true error/>
            <button type="submit" class="button primary" disabled=pending>{t!(i18n, auth.send_new_link)}</button>
        </ActionForm>
    }
}
