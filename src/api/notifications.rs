//! Notifications: the DTOs of `/api/dashboard/user/notifications/`.

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
