//! Queries on `user_settings`: one row per user, one column per setting, created with the database's defaults
//! the first time it is needed.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SettingsRow {
    pub email_notifications: bool,
    pub sms_notifications: bool,
    pub marketing_emails: bool,
    pub profile_visibility: String,
    pub call_recording_consent: bool,
    pub auto_record_calls: bool,
    pub ai_assistance_enabled: bool,
    pub call_quality: String,
    pub theme: String,
    pub language: String,
    pub timezone: String,
    pub dashboard_layout: String,
    /// JSON array of widget names.
    pub dashboard_widgets: String,
}

/// A new value for one column.
#[derive(Debug, Clone)]
pub enum Value {
    Bool(bool),
    Text(String),
}

pub async fn get(db: &Db, user_id: &str) -> Result<SettingsRow, sqlx::Error> {
    if let Some(row) = find(db, user_id).await? {
        return Ok(row);
    }
    ensure(db, user_id).await?;
    find(db, user_id).await?.ok_or(sqlx::Error::RowNotFound)
}

async fn find(db: &Db, user_id: &str) -> Result<Option<SettingsRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT email_notifications, sms_notifications, marketing_emails, profile_visibility, call_recording_consent,
                auto_record_calls, ai_assistance_enabled, call_quality, theme, language, timezone, dashboard_layout,
                dashboard_widgets
         FROM user_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)
}

/// Only the theme, for drawing a page: one primary-key read, and no row written for a user who never saved a
/// setting (`None` then: the column's default applies).
pub async fn theme(db: &Db, user_id: &str) -> Result<Option<String>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT theme FROM user_settings WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await)
}

async fn ensure(db: &Db, user_id: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("INSERT INTO user_settings (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING")
        .bind(user_id)
        .bind(super::now_ms())
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Sets only the named columns, in one statement: two concurrent updates of different columns both survive.
/// Column names come from the services' fixed lists, never from the request.
pub async fn update(
    db: &Db,
    user_id: &str,
    changes: &[(&'static str, Value)],
) -> Result<(), sqlx::Error> {
    if changes.is_empty() {
        return Ok(());
    }
    ensure(db, user_id).await?;
    let sets: Vec<String> = changes
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ${}", i + 1))
        .collect();
    let n = changes.len();
    let sql = format!(
        "UPDATE user_settings SET {}, updated_at = ${} WHERE user_id = ${}",
        sets.join(", "),
        n + 1,
        n + 2
    );
    on_pool!(db, pool => {
        let mut query = sqlx::query(&sql);
        for (_, value) in changes {
            query = match value {
                Value::Bool(b) => query.bind(*b),
                Value::Text(t) => query.bind(t.clone()),
            };
        }
        query.bind(super::now_ms()).bind(user_id).execute(pool).await.map(|_| ())
    })
}
