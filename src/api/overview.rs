//! `GET /api/dashboard/overview/` and `/recent-activity/` — camelCase, as the chat-and-images frontend
//! expects (`dashboard-requirements-chat-images.md`).

use super::{
    dashboard::UserDashboard, notifications::Notification, settings::Preferences, ApiError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the overview page shows, in one round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewPage {
    pub dashboard: UserDashboard,
    pub overview: Overview,
    pub recent: RecentActivity,
    /// Unread urgent notifications, shown on top.
    pub urgent: Vec<Notification>,
    pub unread_notifications: i64,
    pub preferences: Preferences,
    pub quick_actions: Vec<QuickAction>,
    /// Start times of `dashboard.recent_calls` in the user's time zone.
    pub recent_call_times: Vec<String>,
    /// How long ago the account was created, measured on the server (the browser must not read its own clock
    /// while hydrating, or the two renders would differ).
    pub account_age: Ago,
}

/// A link to start something in one of the products that live elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuickAction {
    /// chat, image or call.
    pub kind: String,
    pub label: String,
    pub url: String,
}

#[server(endpoint = "dashboard/overview-page")]
pub async fn fetch_overview_page() -> Result<OverviewPage, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::overview::page(&state, &user.user_id).await
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Overview {
    pub user: OverviewUser,
    pub stats: OverviewStats,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OverviewUser {
    pub name: String,
    pub email: String,
    /// RFC 3339.
    pub joined: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OverviewStats {
    pub total_chats: i64,
    pub total_images: i64,
    pub total_tokens_used: i64,
    /// "2 weeks ago" (English; the UI renders its own language from `joined`).
    pub account_created: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecentActivity {
    pub recent_chats: Vec<RecentChat>,
    pub recent_images: Vec<RecentImage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecentChat {
    pub id: String,
    pub title: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecentImage {
    pub id: String,
    /// At most 50 characters, then "...".
    pub prompt: String,
    pub thumbnail_url: Option<String>,
    pub created_at: String,
}

/// `text` cut to `max` characters (not bytes: never splits a multi-byte character) followed by "...".
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

/// How long ago something happened, in the largest whole unit: what "3 hours ago" says, before wording. The
/// UI words it in the reader's language (`ui::components::ago`), so it travels as this, not as English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ago {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Weeks(i64),
    Months(i64),
    Years(i64),
}

/// Classifies an elapsed time. Unlike the seed's helper, every unit is used (weeks, months and years too),
/// and a time in the future (clock skew) reads as "just now" rather than a negative count.
pub fn ago(elapsed_secs: i64) -> Ago {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    match elapsed_secs {
        s if s < MINUTE => Ago::JustNow,
        s if s < HOUR => Ago::Minutes(s / MINUTE),
        s if s < DAY => Ago::Hours(s / HOUR),
        s if s < 7 * DAY => Ago::Days(s / DAY),
        s if s < 30 * DAY => Ago::Weeks(s / (7 * DAY)),
        s if s < 365 * DAY => Ago::Months((s / (30 * DAY)).max(1)),
        s => Ago::Years(s / (365 * DAY)),
    }
}

/// The English phrase, with singular and plural right.
pub fn ago_en(ago: Ago) -> String {
    let (n, unit) = match ago {
        Ago::JustNow => return "just now".to_owned(),
        Ago::Minutes(n) => (n, "minute"),
        Ago::Hours(n) => (n, "hour"),
        Ago::Days(n) => (n, "day"),
        Ago::Weeks(n) => (n, "week"),
        Ago::Months(n) => (n, "month"),
        Ago::Years(n) => (n, "year"),
    };
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(secs: i64) -> String {
        ago_en(ago(secs))
    }

    #[test]
    fn phrases_at_their_boundaries() {
        const M: i64 = 60;
        const H: i64 = 3600;
        const D: i64 = 86_400;
        let cases = [
            (-30, "just now"),
            (0, "just now"),
            (59, "just now"),
            (60, "1 minute ago"),
            (119, "1 minute ago"),
            (120, "2 minutes ago"),
            (59 * M + 59, "59 minutes ago"),
            (H, "1 hour ago"),
            (3 * H, "3 hours ago"),
            (D - 1, "23 hours ago"),
            (D, "1 day ago"),
            (6 * D, "6 days ago"),
            (7 * D, "1 week ago"),
            (14 * D, "2 weeks ago"),
            (29 * D, "4 weeks ago"),
            (30 * D, "1 month ago"),
            (364 * D, "12 months ago"),
            (365 * D, "1 year ago"),
            (3 * 365 * D, "3 years ago"),
        ];
        for (secs, expected) in cases {
            assert_eq!(phrase(secs), expected, "{secs} s");
        }
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("short", 50), "short");
        let exact = "x".repeat(50);
        assert_eq!(truncate(&exact, 50), exact);
        assert_eq!(
            truncate(&"y".repeat(51), 50),
            format!("{}...", "y".repeat(50))
        );
        let urdu = "غروب آفتاب".repeat(10);
        let cut = truncate(&urdu, 50);
        assert_eq!(cut.chars().count(), 53);
        assert!(cut.ends_with("..."));
        let emoji = "🌅".repeat(60);
        assert_eq!(truncate(&emoji, 50), format!("{}...", "🌅".repeat(50)));
    }
}
