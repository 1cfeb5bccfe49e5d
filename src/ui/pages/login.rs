//! `/login`: works as a plain HTML form (no JavaScript) and as a hydrated form with inline errors. With 2FA on,
//! the password step leads to `/login?step=code`, where the code (or a recovery code) completes the sign-in.

use crate::{
    api::ErrorCode,
    ui::{
        components::forms::{Field, FormError},
        Session,
    },
};
use crate::{
    tr,
    ui::{
        i18n::{t, t_string, use_i18n},
        locale::LanguageSwitcher,
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
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, auth.sign_in)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, auth.sign_in)}</h1>
                <p class="muted">{t!(i18n, auth.welcome_back)}</p>
                <FormError error code/>
                <ActionForm action=session.sign_in>
                    <input type="hidden" name="next" value=next/>
                    <Field name="email" label=tr!(i18n, auth.email) kind="email" autocomplete="username" required=true error/>
                    <Field name="password" label=tr!(i18n, auth.password) kind="password" autocomplete="current-password" required=true error/>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { t_string!(i18n, auth.signing_in) } else { t_string!(i18n, auth.sign_in) }}
                    </button>
                </ActionForm>
                <p class="auth-switch"><A href="/forgot-password">{t!(i18n, auth.forgot)}</A></p>
                <p class="auth-switch">{t!(i18n, auth.new_here)} " " <A href="/register">{t!(i18n, auth.create_account)}</A></p>
                <div class="auth-language"><LanguageSwitcher/></div>
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
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, auth.two_factor)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, auth.enter_code)}</h1>
                <p class="muted">{t!(i18n, auth.code_hint)}</p>
                <FormError error code/>
                <ActionForm action>
                    <input type="hidden" name="next" value=next/>
                    <Field name="code" label=tr!(i18n, auth.code) autocomplete="one-time-code" required=true error/>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { t_string!(i18n, auth.checking) } else { t_string!(i18n, auth.sign_in) }}
                    </button>
                </ActionForm>
                <p class="auth-switch"><A href="/login">{t!(i18n, auth.start_again)}</A></p>
            </section>
        </main>
    }
}
