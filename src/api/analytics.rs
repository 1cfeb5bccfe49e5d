//! Usage analytics for the dashboard's charts (camelCase, like the chat-and-images frontend): token usage
//! over time and per model, call statistics over time, and one activity timeline.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The range and bucketing of a series, as query parameters. Dates are local days (YYYY-MM-DD, inclusive) in
/// the user's time zone; the default is the last 30 days, by day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct SeriesQuery {
    /// The first day, YYYY-MM-DD; default 29 days before `to`.
    pub from: Option<String>,
    /// The last day, YYYY-MM-DD; default today.
    pub to: Option<String>,
    /// day (default), week (starting Monday) or month.
    pub bucket: Option<String>,
    /// Only this model's usage (token series only).
    pub model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TokenSeries {
    pub timezone: String,
    pub bucket: String,
    pub from: String,
    pub to: String,
    pub model: Option<String>,
    pub points: Vec<TokenPoint>,
    pub total_tokens: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TokenPoint {
    /// The local date the bucket starts on.
    pub date: String,
    /// The bucket's first instant, RFC 3339 with the local offset.
    pub start: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
    pub requests: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ModelUsage {
    pub timezone: String,
    pub from: String,
    pub to: String,
    pub total_tokens: i64,
    pub models: Vec<ModelShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ModelShare {
    pub model: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
    /// Percentage of all tokens in the period, two decimals.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallSeries {
    pub timezone: String,
    pub bucket: String,
    pub from: String,
    pub to: String,
    pub points: Vec<CallPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallPoint {
    pub date: String,
    pub start: String,
    pub calls: i64,
    pub completed: i64,
    pub failed: i64,
    pub missed: i64,
    /// Percentage of calls completed, two decimals; 0 without calls.
    pub success_rate: f64,
    /// Mean duration of the bucket's calls, in seconds; 0 without calls.
    pub average_duration: f64,
    /// Count of ratings 1 to 5, in that order.
    #[cfg_attr(feature = "ssr", schema(min_items = 5, max_items = 5))]
    pub ratings: [i64; 5],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActivityPage {
    pub items: Vec<ActivityItem>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActivityItem {
    /// call, chat, image, billing or security.
    pub kind: String,
    pub id: String,
    pub title: String,
    pub detail: String,
    pub at: String,
}

#[server(endpoint = "dashboard/token-usage", input = leptos::server_fn::codec::Json)]
pub async fn fetch_token_usage(query: SeriesQuery) -> Result<TokenSeries, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::analytics::tokens(&state, &user.user_id, &query).await
    })
    .await
}

#[server(endpoint = "dashboard/model-usage", input = leptos::server_fn::codec::Json)]
pub async fn fetch_model_usage(query: SeriesQuery) -> Result<ModelUsage, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::analytics::models(&state, &user.user_id, &query).await
    })
    .await
}
