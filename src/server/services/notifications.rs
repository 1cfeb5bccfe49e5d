//! The user's notifications: a page (optionally unread only) with the unread count, mark one or all read.

use crate::{
    api::{
        notifications::{Notification, NotificationPage, NotificationPatch, NotificationUpdate},
        ErrorCode,
    },
    server::{
        db::{self, notifications::NotificationRow},
        AppError, AppState,
    },
};

pub const PAGE_SIZE: i64 = 20;

pub fn to_dto(row: NotificationRow) -> Notification {
    Notification {
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        urgent: row.urgent,
        read: row.read_at.is_some(),
        read_at: row.read_at.map(db::rfc3339),
        created_at: db::rfc3339(row.created_at),
    }
}

pub async fn list(
    state: &AppState,
    user_id: &str,
    unread_only: bool,
    page: i64,
) -> Result<NotificationPage, AppError> {
    let count = db::notifications::count(&state.db, user_id, unread_only).await?;
    let unread_count = if unread_only {
        count
    } else {
        db::notifications::count(&state.db, user_id, true).await?
    };
    let rows = db::notifications::list(
        &state.db,
        user_id,
        unread_only,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    .await?;
    Ok(NotificationPage {
        count,
        page,
        page_size: PAGE_SIZE,
        total_pages: (count + PAGE_SIZE - 1) / PAGE_SIZE,
        unread_count,
        results: rows.into_iter().map(to_dto).collect(),
    })
}

pub async fn update(
    state: &AppState,
    user_id: &str,
    patch: NotificationPatch,
) -> Result<NotificationUpdate, AppError> {
    let now = db::now_ms();
    let updated = match (patch.notification_id, patch.mark_all_read) {
        (Some(id), None | Some(false)) => {
            db::notifications::mark_read(&state.db, user_id, &id, now)
                .await?
                .ok_or_else(|| AppError::not_found("The notification"))?
        }
        (None, Some(true)) => db::notifications::mark_all_read(&state.db, user_id, now).await?,
        _ => {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                "Send {\"notification_id\": \"…\"} or {\"mark_all_read\": true}.",
            ))
        }
    };
    db::freshness::bump(&state.db, user_id).await?;
    let unread_count = db::notifications::count(&state.db, user_id, true).await?;
    Ok(NotificationUpdate {
        updated,
        unread_count,
    })
}

/// Unread urgent notifications (at most `limit`) and the total unread count.
pub async fn urgent(
    state: &AppState,
    user_id: &str,
    limit: i64,
) -> Result<(Vec<Notification>, i64), AppError> {
    let rows = db::notifications::urgent_unread(&state.db, user_id, limit).await?;
    let unread = db::notifications::count(&state.db, user_id, true).await?;
    Ok((rows.into_iter().map(to_dto).collect(), unread))
}

/// How many of the user's notifications are unread: the header's bell.
pub async fn unread_count(state: &AppState, user_id: &str) -> Result<i64, AppError> {
    Ok(db::notifications::count(&state.db, user_id, true).await?)
}
