//! `/register`: create an account and land on the overview, signed in.

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
    let i18n = use_i18n();

    view! {
        <Title text=move || t_string!(i18n, auth.register_title)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, auth.register_title)}</h1>
                <p class="muted">{t!(i18n, auth.register_lead)}</p>
                <FormError error code/>
                <ActionForm action=session.sign_up>
                    <div class="field-row">
                        <Field name="first_name" label=tr!(i18n, auth.first_name) autocomplete="given-name" required=true error/>
                        <Field name="last_name" label=tr!(i18n, auth.last_name) autocomplete="family-name" error/>
                    </div>
                    <Field name="email" label=tr!(i18n, auth.email) kind="email" autocomplete="email" required=true error/>
                    <Field name="password" label=tr!(i18n, auth.password) kind="password" autocomplete="new-password" required=true error/>
                    <p class="hint">{t!(i18n, auth.password_hint)}</p>
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { t_string!(i18n, auth.creating) } else { t_string!(i18n, auth.create) }}
                    </button>
                </ActionForm>
                <p class="auth-switch">{t!(i18n, auth.have_account)} " " <A href="/login">{t!(i18n, auth.sign_in)}</A></p>
                <div class="auth-language"><LanguageSwitcher/></div>
            </section>
        </main>
    }
}
