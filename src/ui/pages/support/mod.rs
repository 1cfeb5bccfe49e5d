//! `/support`: help articles (searchable, with and without JavaScript), the way to contact support, the data
//! export, and deleting the account. The contact form lives at `/support/contact`, each article at
//! `/support/articles/:slug`.

mod account;
mod articles;
mod contact;

pub use articles::ArticlePage;
pub use contact::ContactPage;

use account::{DeleteAccountForm, DownloadData};
use articles::ArticleSearch;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::ui::i18n::{t, t_string, use_i18n};

/// The language help articles are asked for: the page's (an article without a translation comes in English).
pub(crate) fn help_language(locale: crate::ui::locale::Locale) -> String {
    leptos_i18n::Locale::as_str(locale).to_owned()
}

#[component]
pub fn SupportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, support.title)/>
        <h1>{t!(i18n, support.title)}</h1>
        <ArticleSearch/>
        <section class="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">{t!(i18n, support.contact)}</h2>
            <p>{t!(i18n, support.contact_lead)}</p>
            <A href="/support/contact" attr:class="button primary compact">{t!(i18n, support.contact)}</A>
        </section>
        <DownloadData/>
        <DeleteAccountForm/>
    }
}
