//! The help articles: the searchable list and one article.
//!
//! The search is a plain GET form (`/support?q=…`), filtered on the server, so it works without JavaScript;
//! once hydrated the same rule (`article_matches`) filters the list as the user types.

use super::help_language;
use crate::api::support::{article_matches, help_article, help_articles, ArticleSummary};
use leptos::{
    either::{Either, EitherOf3},
    prelude::*,
};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

#[component]
pub fn ArticleSearch() -> impl IntoView {
    let query = use_query_map();
    // What the user typed: the URL's `q` at first (the server's rendering), then every keystroke.
    let typed = RwSignal::new(query.with_untracked(|q| q.get("q")).unwrap_or_default());
    Effect::watch(
        move || query.with(|q| q.get("q")),
        move |q, _, _| typed.set(q.clone().unwrap_or_default()),
        false,
    );
    let i18n = crate::ui::i18n::use_i18n();
    let articles = Resource::new(
        move || i18n.get_locale(),
        |locale| help_articles(help_language(locale)),
    );
    view! {
        <section class="card" aria-labelledby="help-heading">
            <h2 id="help-heading">{crate::ui::i18n::t!(i18n, support.help)}</h2>
            <form method="get" action="/support" role="search" class="help-search">
                <label for="help-q" class="visually-hidden">{crate::ui::i18n::t!(i18n, support.search)}</label>
                <input
                    id="help-q"
                    name="q"
                    type="search"
                    placeholder=move || crate::ui::i18n::t_string!(i18n, support.search)
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit" class="button ghost compact">{crate::ui::i18n::t!(i18n, support.search_button)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="loading" role="status">{crate::ui::i18n::t!(i18n, support.loading)}</p> }>
                {move || Suspend::new(async move {
                    match articles.await {
                        Ok(all) => Either::Left(view! { <ArticleList all typed/> }),
                        Err(e) => Either::Right(view! { <p class="form-error" role="alert">{e.message}</p> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ArticleList(all: Vec<ArticleSummary>, typed: RwSignal<String>) -> impl IntoView {
    let i18n = crate::ui::i18n::use_i18n();
    let shown = move || {
        let q = typed.get();
        all.iter()
            .filter(|a| article_matches(a, &q))
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        {move || {
            let list = shown();
            if list.is_empty() {
                Either::Left(view! {
                    <p class="empty" data-testid="help-empty">
                        {crate::ui::locale::fill(crate::ui::i18n::t_string!(i18n, support.no_match), &[("q", &typed.get())])}
                    </p>
                })
            } else {
                Either::Right(view! {
                    <ul class="help-list" data-testid="help-list">
                        {list
                            .into_iter()
                            .map(|a| view! {
                                <li>
                                    <A href=format!("/support/articles/{}", a.slug)>{a.title}</A>
                                    <p class="muted small">{a.summary}</p>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                })
            }
        }}
    }
}

/// `/support/articles/:slug`.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug")).unwrap_or_default());
    let i18n = crate::ui::i18n::use_i18n();
    let article = Resource::new(
        move || (slug.get(), i18n.get_locale()),
        |(slug, locale)| help_article(slug, help_language(locale)),
    );
    view! {
        <p class="breadcrumb"><A href="/support">{crate::ui::i18n::t!(i18n, support.back)}</A></p>
        <Suspense fallback=move || view! { <p class="loading" role="status">{crate::ui::i18n::t!(i18n, support.loading_article)}</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(Some(a)) => EitherOf3::A(view! {
                        <Title text=a.title.clone()/>
                        <article class="card help-article" lang=a.language.clone() data-testid="help-article">
                            <h1>{a.title}</h1>
                            // Rendered from our own Markdown on the server, raw HTML escaped: see services::help.
                            <div inner_html=a.html></div>
                        </article>
                    }),
                    Ok(None) => EitherOf3::B(view! {
                        <Title text=move || crate::ui::i18n::t_string!(i18n, support.not_found)/>
                        <section class="card empty" role="alert">
                            <h1>{crate::ui::i18n::t!(i18n, support.not_found)}</h1>
                            <p>{crate::ui::i18n::t!(i18n, support.not_found_body)}</p>
                            <A href="/support">{crate::ui::i18n::t!(i18n, support.all_articles)}</A>
                        </section>
                    }),
                    Err(e) => EitherOf3::C(view! {
                        <Title text=move || crate::ui::i18n::t_string!(i18n, support.title)/>
                        <section class="card empty" role="alert">
                            <h1>{crate::ui::i18n::t!(i18n, support.title)}</h1>
                            <p>{crate::ui::components::forms::error_text(e)}</p>
                        </section>
                    }),
                }
            })}
        </Suspense>
    }
}
