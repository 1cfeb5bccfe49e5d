//! `/forgot-password` and `/reset-password?token=…`: a password reset by mail. Both are plain forms that work
//! without JavaScript; the server answers the request the same way whether or not the address has an account.

use crate::{
    api::{
        email::{RequestPasswordReset, ResetPassword},
        ErrorCode,
    },
    ui::components::forms::{Field, FormError},
};
use crate::{
    tr,
    ui::i18n::{t, t_string, use_i18n},
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
    let i18n = use_i18n();

    view! {
        <Title text=move || t_string!(i18n, auth.reset_title)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, auth.reset_title)}</h1>
                <Show
                    when=sent
                    fallback=move || view! {
                        <p class="muted">{t!(i18n, auth.reset_lead)}</p>
                        <FormError error code/>
                        <ActionForm action>
                            <Field name="email" label=tr!(i18n, auth.email) kind="email" autocomplete="username" required=true error/>
                            <button type="submit" class="button primary" disabled=pending>
                                {move || if pending.get() { t_string!(i18n, auth.sending) } else { t_string!(i18n, auth.send_reset) }}
                            </button>
                        </ActionForm>
                    }
                >
                    <p class="notice success" role="status" data-testid="reset-sent">
                        {t!(i18n, auth.reset_sent)}
                    </p>
                </Show>
                <p class="auth-switch"><A href="/login">{t!(i18n, auth.back_to_sign_in)}</A></p>
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
    let i18n = use_i18n();
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
                <p class="form-error" role="alert">{t!(i18n, auth.incomplete_link)}</p>
                <p><A href="/forgot-password">{t!(i18n, auth.new_link)}</A></p>
            }
            .into_any();
        }
        view! {
            <p class="muted">{t!(i18n, auth.choose_lead)}</p>
            <FormError error code/>
            <Show when=link_failed>
                <p><A href="/forgot-password">{t!(i18n, auth.new_link)}</A></p>
            </Show>
            <ActionForm action>
                <input type="hidden" name="token" value=token/>
                <Field name="new_password" label=tr!(i18n, auth.new_password) kind="password" autocomplete="new-password" required=true error/>
                <Field name="confirm_password" label=tr!(i18n, auth.repeat_password) kind="password" autocomplete="new-password" required=true error/>
                <p class="hint">{t!(i18n, auth.password_hint)}</p>
                <button type="submit" class="button primary" disabled=pending>
                    {move || if pending.get() { t_string!(i18n, auth.saving) } else { t_string!(i18n, auth.set_password) }}
                </button>
            </ActionForm>
        }
        .into_any()
    };

    view! {
        <Title text=move || t_string!(i18n, auth.choose_title)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, auth.choose_title)}</h1>
                <Show when=done fallback=form>
                    <p class="notice success" role="status" data-testid="reset-done">
                        {t!(i18n, auth.reset_done)}
                    </p>
                </Show>
                <p class="auth-switch"><A href="/login">{t!(i18n, auth.sign_in)}</A></p>
            </section>
        </main>
    }
}
