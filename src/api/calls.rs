//! Call history: the DTOs of `/api/dashboard/user/calls/`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: String,
    pub phone_number: String,
    pub direction: String,
    /// completed, failed or missed.
    pub status: String,
    pub started_at: String,
    /// Seconds.
    pub duration: i64,
    pub agent: Option<Agent>,
    pub satisfaction_rating: Option<i32>,
    pub recording_url: Option<String>,
    pub summary: Option<String>,
}

/// One page of calls. Page mode (`page=`) counts the matches; cursor mode (`cursor=`) does not, so that a deep
/// page costs what the first costs — `count`, `page` and `total_pages` are then null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallPage {
    pub count: Option<i64>,
    pub page: Option<i64>,
    pub page_size: i64,
    pub total_pages: Option<i64>,
    /// Relative URL of the next page with the same filters, or null.
    pub next: Option<String>,
    pub previous: Option<String>,
    /// Opaque cursor for the page after this one, or null at the end.
    pub next_cursor: Option<String>,
    pub results: Vec<Call>,
}

/// The filters of the call history, as query parameters (all optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallQuery {
    pub page: Option<String>,
    pub page_size: Option<String>,
    pub status: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub search: Option<String>,
    pub cursor: Option<String>,
}
