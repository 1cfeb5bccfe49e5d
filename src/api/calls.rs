//! Call history: the DTOs of `/api/dashboard/user/calls/`.

use super::{
    analytics::{CallSeries, SeriesQuery},
    ApiError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Agent {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct CallQuery {
    /// Page number from 1 (page mode); default 1.
    pub page: Option<String>,
    /// Calls per page, 1 to 100; default 20.
    pub page_size: Option<String>,
    /// completed, failed or missed.
    pub status: Option<String>,
    /// The first local day, YYYY-MM-DD (in the user's time zone).
    pub date_from: Option<String>,
    /// The last local day, YYYY-MM-DD, inclusive.
    pub date_to: Option<String>,
    /// Digits of the phone number, or a status word.
    pub search: Option<String>,
    /// Cursor mode: empty for the first page, then the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A page of calls for the UI, with each start time written in the user's time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallsView {
    pub page: CallPage,
    pub timezone: String,
    /// `started_local[i]` belongs to `page.results[i]`.
    pub started_local: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallView {
    pub call: Call,
    pub timezone: String,
    pub started_local: String,
}

/// One page of the call history for the UI (the same listing as `GET /calls/`). JSON-encoded: a query whose
/// fields are all absent must still arrive as a query, which a URL-encoded body cannot express.
#[server(endpoint = "dashboard/calls", input = leptos::server_fn::codec::Json)]
pub async fn list_calls(query: CallQuery) -> Result<CallsView, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::calls::view_list(&state, &user.user_id, &query).await
    })
    .await
}

#[server(endpoint = "dashboard/call")]
pub async fn call_detail(id: String) -> Result<CallView, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::calls::view_detail(&state, &user.user_id, &id).await
    })
    .await
}

#[server(endpoint = "dashboard/call-stats", input = leptos::server_fn::codec::Json)]
pub async fn call_stats(query: SeriesQuery) -> Result<CallSeries, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::analytics::calls(&state, &user.user_id, &query).await
    })
    .await
}
