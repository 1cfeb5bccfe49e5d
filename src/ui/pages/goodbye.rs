//! `/goodbye`: where a deleted account's browser lands, signed out. Public: there is no session any more.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::i18n::{t, t_string, use_i18n};

#[component]
pub fn GoodbyePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, common.goodbye.title)/>
        <main class="auth-page" id="main">
            <section class="auth-card" data-testid="goodbye">
                <h1>{t!(i18n, common.goodbye.heading)}</h1>
                <p>{t!(i18n, common.goodbye.body)}</p>
                <p class="muted">{t!(i18n, common.goodbye.thanks)}</p>
                <p class="auth-switch"><a href="/register">{t!(i18n, common.goodbye.again)}</a></p>
            </section>
        </main>
    }
}
