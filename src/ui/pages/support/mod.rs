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

/// The language help articles are asked for. One place to change when the UI learns the reader's language.
pub(crate) fn help_language() -> String {
    "en".to_owned()
}

#[component]
pub fn SupportPage() -> impl IntoView {
    view! {
        <Title text="Support"/>
        <h1>"Support"</h1>
        <ArticleSearch/>
        <section class="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">"Contact support"</h2>
            <p>"Did not find an answer? Write to us: you get a ticket number at once, and we reply by email."</p>
            <A href="/support/contact" attr:class="button primary compact">"Contact support"</A>
        </section>
        <DownloadData/>
        <DeleteAccountForm/>
    }
}
