//! Queries on `user_onboarding`: where a new user is in the guided setup.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OnboardingRow {
    pub step: String,
    pub finished_at: Option<i64>,
    pub dismissed: bool,
}

/// Starts the setup at `step`; a user who already has a row keeps it.
pub async fn start(db: &Db, user_id: &str, step: &str, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO user_onboarding (user_id, step, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(step)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
}

pub async fn find(db: &Db, user_id: &str) -> Result<Option<OnboardingRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT step, finished_at, dismissed FROM user_onboarding WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)
}

/// Moves an unfinished setup from `from` to `to`. Only from the step it is on: a form posted twice (a double
/// click, the back button) cannot skip the step after it.
pub async fn advance(
    db: &Db,
    user_id: &str,
    from: &str,
    to: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE user_onboarding SET step = $1, updated_at = $2
         WHERE user_id = $3 AND step = $4 AND finished_at IS NULL",
    )
    .bind(to)
    .bind(now)
    .bind(user_id)
    .bind(from)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Completes the setup from its last step `from` (like `advance`, only from the step it is on).
pub async fn complete(db: &Db, user_id: &str, from: &str, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE user_onboarding SET finished_at = $1, updated_at = $1
         WHERE user_id = $2 AND step = $3 AND finished_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(from)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// Ends the setup for good at whatever step it is on: the user chose not to finish it.
pub async fn dismiss(db: &Db, user_id: &str, now: i64) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE user_onboarding SET finished_at = $1, dismissed = TRUE, updated_at = $1
         WHERE user_id = $2 AND finished_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(pool)
    .await
    .map(|_| ()))
}
