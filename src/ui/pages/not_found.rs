//! The 404 page, with the right status code when rendered on the server.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::ui::i18n::{t, t_string, use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, common.not_found.title)/>
        <main class="auth-page">
            <section class="auth-card">
                <h1>{t!(i18n, common.not_found.title)}</h1>
                <p>{t!(i18n, common.not_found.body)}</p>
                <A href="/">{t!(i18n, common.not_found.home)}</A>
            </section>
        </main>
    }
}
