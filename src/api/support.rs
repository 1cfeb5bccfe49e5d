//! Support: help articles, tickets, and the end of an account. The DTOs of
//! `/api/dashboard/user/support/tickets/` and the server functions behind the Support page.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Ticket categories, as stored, with the label the form shows.
pub const CATEGORIES: [(&str, &str); 5] = [
    ("account", "Account and sign-in"),
    ("billing", "Billing and plans"),
    ("calls", "Calls and recordings"),
    ("technical", "Something is not working"),
    ("other", "Something else"),
];
pub const SUBJECT_MAX: usize = 150;
pub const MESSAGE_MIN: usize = 10;
pub const MESSAGE_MAX: usize = 5000;

/// `POST /api/dashboard/user/support/tickets/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    /// 3 to 150 characters.
    pub subject: String,
    /// account, billing, calls, technical or other.
    pub category: String,
    /// 10 to 5000 characters.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupportTicket {
    pub id: String,
    /// What to quote when talking to support, e.g. `SUP-7K3Q9XMD`.
    pub number: String,
    pub category: String,
    pub subject: String,
    pub message: String,
    /// open, answered or closed.
    pub status: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupportTickets {
    /// The newest first.
    pub tickets: Vec<SupportTicket>,
}

/// A help article in the list: enough to show and to search it without fetching it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The article's words as plain text, for the search.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    /// Rendered from the article's Markdown on the server, with any raw HTML in it escaped.
    pub html: String,
    /// The language the article is written in: the reader's, or English when it has no translation.
    pub language: String,
}

/// Whether every word of `query` appears in the article (case-insensitive). The one search rule, used by
/// the server for `?q=` and by the browser as the user types.
pub fn article_matches(article: &ArticleSummary, query: &str) -> bool {
    let haystack = format!("{} {} {}", article.title, article.summary, article.text).to_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

/// The help articles in `language` (English for those without a translation), in reading order.
#[server(endpoint = "support/articles")]
pub async fn help_articles(language: String) -> Result<Vec<ArticleSummary>, ApiError> {
    Ok(crate::server::services::help::list(&language))
}

/// One help article, or `None` when there is no such article.
#[server(endpoint = "support/article")]
pub async fn help_article(slug: String, language: String) -> Result<Option<Article>, ApiError> {
    Ok(crate::server::services::help::article(&slug, &language))
}

/// The user's tickets, newest first.
#[server(endpoint = "support/tickets")]
pub async fn my_tickets() -> Result<SupportTickets, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::support::list(&state, &user.user_id).await
    })
    .await
}

/// Opens a ticket, then shows the Support page's contact form with the ticket's number.
#[server(endpoint = "support/create-ticket")]
pub async fn create_ticket(
    subject: String,
    category: String,
    message: String,
) -> Result<SupportTicket, ApiError> {
    let ticket = crate::server::web::as_user(|state, user| async move {
        let ticket = NewTicket {
            subject,
            category,
            message,
        };
        crate::server::services::support::create(&state, &user.user_id, ticket).await
    })
    .await?;
    leptos_axum::redirect(&format!(
        "/support/contact?ticket={}",
        urlencoding::encode(&ticket.number)
    ));
    Ok(ticket)
}

/// Deletes the account after the password and the word DELETE, signs the browser out and shows the goodbye
/// page.
#[server(endpoint = "support/delete-account")]
pub async fn delete_account(password: String, confirmation: String) -> Result<(), ApiError> {
    crate::server::web::delete_account(super::auth::DeleteAccountRequest {
        password,
        confirmation,
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, text: &str) -> ArticleSummary {
        ArticleSummary {
            slug: "a".into(),
            title: title.into(),
            summary: String::new(),
            text: text.into(),
        }
    }

    #[test]
    fn every_word_of_the_query_must_appear_in_any_case() {
        let a = article("Billing and plans", "Upgrade or downgrade at any time.");
        assert!(article_matches(&a, "billing"));
        assert!(article_matches(&a, "PLANS downgrade"));
        assert!(article_matches(&a, "  "));
        assert!(!article_matches(&a, "billing recordings"));
    }
}
