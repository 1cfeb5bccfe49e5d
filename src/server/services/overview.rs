//! The chat-and-images overview and recent activity (camelCase API), served through the dashboard cache.

use crate::{
    api::overview::{
        ago, ago_en, truncate, Ago, Overview, OverviewPage, OverviewStats, OverviewUser,
        QuickAction, RecentActivity, RecentChat, RecentImage,
    },
    server::{
        db,
        rest::media,
        services::{calls, dashboard, notifications, settings},
        AppError, AppState,
    },
};

pub const RECENT: i64 = 5;
pub const PROMPT_PREVIEW: usize = 50;

pub async fn overview(state: &AppState, user_id: &str) -> Result<Overview, AppError> {
    let mut overview = state
        .cache
        .get_or_compute(state, user_id, "overview", || {
            compute_overview(state, user_id)
        })
        .await?;
    // The phrase depends on the clock, not on the data: recomputed on every read, from the cached join date.
    let joined = db::users::find_by_id(&state.db, user_id)
        .await?
        .map(|u| u.created_at)
        .unwrap_or_default();
    overview.stats.account_created = ago_en(account_age(joined));
    Ok(overview)
}

/// How long ago an account created at `joined_ms` was made, by the server's clock.
fn account_age(joined_ms: i64) -> Ago {
    ago((db::now_ms() - joined_ms) / 1000)
}

async fn compute_overview(state: &AppState, user_id: &str) -> Result<Overview, AppError> {
    let user = db::users::find_by_id(&state.db, user_id)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    let stats = db::stats::user_stats(&state.db, user_id).await?;
    let name = format!("{} {}", user.first_name, user.last_name)
        .trim()
        .to_owned();
    Ok(Overview {
        user: OverviewUser {
            name: if name.is_empty() {
                user.email.clone()
            } else {
                name
            },
            email: user.email,
            joined: db::rfc3339(user.created_at),
        },
        stats: OverviewStats {
            total_chats: stats.total_chats,
            total_images: stats.total_images,
            total_tokens_used: stats.total_tokens,
            account_created: String::new(),
        },
    })
}

pub async fn recent_activity(state: &AppState, user_id: &str) -> Result<RecentActivity, AppError> {
    state
        .cache
        .get_or_compute(state, user_id, "recent-activity", || {
            compute_recent(state, user_id)
        })
        .await
}

async fn compute_recent(state: &AppState, user_id: &str) -> Result<RecentActivity, AppError> {
    let chats = db::activity_reads::recent_chats(&state.db, user_id, RECENT).await?;
    let images = db::activity_reads::recent_images(&state.db, user_id, RECENT).await?;
    Ok(RecentActivity {
        recent_chats: chats
            .into_iter()
            .map(|c| RecentChat {
                id: c.id,
                title: c.title,
                created_at: db::rfc3339(c.created_at),
            })
            .collect(),
        recent_images: images
            .into_iter()
            .map(|i| RecentImage {
                id: i.id,
                prompt: truncate(&i.prompt, PROMPT_PREVIEW),
                thumbnail_url: i.thumbnail_key.as_deref().map(media::url),
                created_at: db::rfc3339(i.created_at),
            })
            .collect(),
    })
}

/// The overview page of the UI: the same views the REST API serves (cached the same way), plus urgent
/// notifications, the user's widget preferences and the configured quick actions.
pub async fn page(state: &AppState, user_id: &str) -> Result<OverviewPage, AppError> {
    let (urgent, unread_notifications) = notifications::urgent(state, user_id, 3).await?;
    let links = &state.settings.quick_actions;
    let quick_actions = [
        ("chat", "New chat", &links.chat),
        ("image", "New image", &links.image),
        ("call", "New call", &links.call),
    ]
    .into_iter()
    .filter_map(|(kind, label, url)| {
        url.as_ref().map(|url| QuickAction {
            kind: kind.into(),
            label: label.into(),
            url: url.clone(),
        })
    })
    .collect();
    let dashboard = dashboard::dashboard(state, user_id).await?;
    let (_, recent_call_times) =
        calls::local_times(state, user_id, &dashboard.recent_calls).await?;
    let overview = overview(state, user_id).await?;
    let joined = db::users::find_by_id(&state.db, user_id)
        .await?
        .map(|u| u.created_at)
        .unwrap_or_default();
    Ok(OverviewPage {
        account_age: account_age(joined),
        recent_call_times,
        dashboard,
        overview,
        recent: recent_activity(state, user_id).await?,
        urgent,
        unread_notifications,
        preferences: settings::preferences(state, user_id).await?,
        quick_actions,
    })
}
