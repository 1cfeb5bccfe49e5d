//! The help articles: Markdown files shipped in the repository (`help/<language>/<slug>.md`), embedded in the
//! binary at compile time and rendered once, on first use.
//!
//! An article's first line is its `# Title` and its first paragraph doubles as the summary in the list. Raw
//! HTML in the Markdown is shown as text, never passed through, and links may only be relative or web/mail
//! addresses: the articles are ours, but an article is still input, and the page inserts the HTML as is.
//! English is the reference; a translation replaces it for its language, and an article without one is shown
//! in English.

use crate::api::support::{Article, ArticleSummary};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::LazyLock;

struct Source {
    slug: &'static str,
    language: &'static str,
    markdown: &'static str,
}

macro_rules! article {
    ($language:literal, $slug:literal) => {
        Source {
            slug: $slug,
            language: $language,
            markdown: include_str!(concat!("../../../help/", $language, "/", $slug, ".md")),
        }
    };
}

/// Every article, English ones in reading order first.
const SOURCES: &[Source] = &[
    article!("en", "getting-started"),
    article!("en", "reading-your-usage"),
    article!("en", "calls-and-recordings"),
    article!("en", "billing-and-plans"),
    article!("en", "security-and-2fa"),
    article!("en", "exporting-and-deleting-your-data"),
    article!("ur", "getting-started"),
    article!("ur", "reading-your-usage"),
    article!("ur", "calls-and-recordings"),
    article!("ur", "billing-and-plans"),
    article!("ur", "security-and-2fa"),
    article!("ur", "exporting-and-deleting-your-data"),
    article!("ar", "getting-started"),
    article!("ar", "reading-your-usage"),
    article!("ar", "calls-and-recordings"),
    article!("ar", "billing-and-plans"),
    article!("ar", "security-and-2fa"),
    article!("ar", "exporting-and-deleting-your-data"),
];

struct Rendered {
    slug: &'static str,
    language: &'static str,
    title: String,
    summary: String,
    text: String,
    html: String,
}

static ARTICLES: LazyLock<Vec<Rendered>> = LazyLock::new(|| SOURCES.iter().map(render).collect());

fn render(source: &Source) -> Rendered {
    let (title, body) = match source.markdown.split_once('\n') {
        Some((first, rest)) if first.starts_with("# ") => (first[2..].trim().to_owned(), rest),
        _ => (source.slug.replace('-', " "), source.markdown),
    };
    let events: Vec<Event> =
        Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
            .map(defang)
            .collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    Rendered {
        slug: source.slug,
        language: source.language,
        title,
        summary: first_paragraph(&events),
        text: plain_text(&events),
        html,
    }
}

/// Raw HTML becomes text (and so is escaped), links to anything but a relative path, http(s) or mailto lose
/// their target, and headings start at level 2 below the page's own `<h1>`.
fn defang(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = dest_url.starts_with('/')
                || dest_url.starts_with('#')
                || dest_url.starts_with("https://")
                || dest_url.starts_with("http://")
                || dest_url.starts_with("mailto:");
            Event::Start(Tag::Link {
                link_type,
                dest_url: if safe {
                    dest_url
                } else {
                    CowStr::Borrowed("#")
                },
                title,
                id,
            })
        }
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Event::End(TagEnd::Heading(HeadingLevel::H2))
        }
        other => other,
    }
}

fn first_paragraph(events: &[Event]) -> String {
    let mut out = String::new();
    let mut inside = false;
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => out.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => out.push(' '),
            _ => {}
        }
    }
    out
}

fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The version of `slug` for `language`, or the English one.
fn find(slug: &str, language: &str) -> Option<&'static Rendered> {
    let articles: &'static [Rendered] = &ARTICLES;
    articles
        .iter()
        .find(|a| a.slug == slug && a.language == language)
        .or_else(|| {
            articles
                .iter()
                .find(|a| a.slug == slug && a.language == "en")
        })
}

/// Every article, in reading order, each in `language` when translated.
pub fn list(language: &str) -> Vec<ArticleSummary> {
    ARTICLES
        .iter()
        .filter(|a| a.language == "en")
        .filter_map(|a| find(a.slug, language))
        .map(|a| ArticleSummary {
            slug: a.slug.to_owned(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            text: a.text.clone(),
        })
        .collect()
}

pub fn article(slug: &str, language: &str) -> Option<Article> {
    find(slug, language).map(|a| Article {
        slug: a.slug.to_owned(),
        title: a.title.clone(),
        html: a.html.clone(),
        language: a.language.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(markdown: &'static str) -> Rendered {
        render(&Source {
            slug: "test",
            language: "en",
            markdown,
        })
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let a = rendered("# T\n\nHello <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");
        assert!(!a.html.contains("<script>"), "{}", a.html);
        assert!(!a.html.contains("<div"), "{}", a.html);
        assert!(a.html.contains("&lt;script&gt;"), "{}", a.html);
    }

    #[test]
    fn only_safe_link_targets_survive() {
        let a = rendered(
            "# T\n\n[bad](javascript:alert(1)) [good](/support) [web](https://example.com)\n",
        );
        assert!(!a.html.contains("javascript:"), "{}", a.html);
        assert!(a.html.contains("href=\"/support\""), "{}", a.html);
        assert!(
            a.html.contains("href=\"https://example.com\""),
            "{}",
            a.html
        );
    }

    #[test]
    fn the_title_line_and_first_paragraph_describe_the_article() {
        let a = rendered("# My title\n\nFirst *para*.\n\n# Section\n\nMore.\n");
        assert_eq!(a.title, "My title");
        assert_eq!(a.summary, "First para.");
        assert!(a.html.contains("<h2>Section</h2>"), "{}", a.html);
        assert!(!a.html.contains("My title"));
    }

    #[test]
    fn every_shipped_article_has_a_title_and_a_summary() {
        for a in ARTICLES.iter() {
            assert!(
                !a.title.is_empty() && !a.summary.is_empty(),
                "{}/{}",
                a.language,
                a.slug
            );
        }
        assert_eq!(list("en").len(), 6);
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        // Every article is translated into our languages; a language we have no text in gets English.
        let a = article("billing-and-plans", "fr").expect("article");
        assert_eq!(a.language, "en");
        let a = article("billing-and-plans", "ar").expect("article");
        assert_eq!(a.language, "ar");
        let a = article("getting-started", "ar").expect("article");
        assert_eq!(a.language, "ar");
        assert!(article("no-such-article", "en").is_none());
    }
}
