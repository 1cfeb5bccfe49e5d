//! Notifications: the DTOs of `/api/dashboard/user/notifications/`.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub urgent: bool,
    pub read: bool,
    pub read_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    pub count: i64,
    pub page: i64,
    pub page_size: i64,
    pub total_pages: i64,
    pub unread_count: i64,
    pub results: Vec<Notification>,
}

/// `PATCH`: either one notification or all of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationPatch {
    pub notification_id: Option<String>,
    pub mark_all_read: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationUpdate {
    pub updated: i64,
    pub unread_count: i64,
}

// The browser's server functions: each is one call into `services::notifications` through `web::as_user`.

/// One page of notifications (`page` from 1), optionally only the unread ones, with the unread count.
#[server(endpoint = "notifications/list")]
pub async fn list_notifications(
    unread_only: bool,
    page: i64,
) -> Result<NotificationPage, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::notifications::list(&state, &user.user_id, unread_only, page).await
    })
    .await
}

/// How many notifications are unread, for the header's bell.
#[server(endpoint = "notifications/unread-count")]
pub async fn unread_notification_count() -> Result<i64, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::notifications::unread_count(&state, &user.user_id).await
    })
    .await
}

/// Marks one notification (`notification_id`) or all of them (`mark_all_read`) as read.
#[server(endpoint = "notifications/update")]
pub async fn update_notifications(
    notification_id: Option<String>,
    mark_all_read: Option<bool>,
) -> Result<NotificationUpdate, ApiError> {
    let patch = NotificationPatch {
        notification_id,
        mark_all_read,
    };
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::notifications::update(&state, &user.user_id, patch).await
    })
    .await
}
