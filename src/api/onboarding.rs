//! The guided setup after sign-up: its state and the server functions behind each step's form. Every step
//! saves through the service that owns its data; see `server::services::onboarding`.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The steps, in order.
pub const STEPS: [&str; 4] = ["profile", "preferences", "plan", "notifications"];

/// Where an unfinished setup is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupProgress {
    /// One of `STEPS`.
    pub step: String,
    /// 1-based position of `step`.
    pub number: i64,
    pub total: i64,
}

/// The current step, or `None` when there is nothing (left) to set up.
#[server(endpoint = "onboarding/status")]
pub async fn onboarding_status() -> Result<Option<SetupProgress>, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::status(&state, &user.user_id).await
    })
    .await
}

/// After a step: the next one, or the overview once the setup is over. (A JavaScript caller is navigated the
/// same way, by leptos' redirect hook.)
#[cfg(feature = "ssr")]
async fn then_next() -> Result<(), ApiError> {
    let next = onboarding_status().await?;
    leptos_axum::redirect(if next.is_some() { "/welcome" } else { "/" });
    Ok(())
}

#[server(endpoint = "onboarding/profile")]
pub async fn onboarding_profile(
    first_name: String,
    last_name: String,
    phone: String,
) -> Result<(), ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::save_profile(
            &state,
            &user.user_id,
            first_name,
            last_name,
            phone,
        )
        .await
    })
    .await?;
    then_next().await
}

#[server(endpoint = "onboarding/preferences")]
pub async fn onboarding_preferences(
    timezone: String,
    language: String,
    theme: String,
) -> Result<(), ApiError> {
    let chosen = language.parse::<crate::ui::locale::Locale>().ok();
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::save_preferences(
            &state,
            &user.user_id,
            timezone,
            language,
            theme,
        )
        .await
    })
    .await?;
    // As in Settings: the `lang` cookie follows the saved preference.
    if let (Ok(request), Some(locale)) = (crate::server::web::Request::current(), chosen) {
        crate::api::language::remember_language(&request, locale);
    }
    then_next().await
}

/// `plan_id` absent or empty: stay on the free allowance.
#[server(endpoint = "onboarding/plan")]
pub async fn onboarding_plan(plan_id: Option<String>) -> Result<(), ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::choose_plan(&state, &user.user_id, plan_id).await
    })
    .await?;
    then_next().await
}

/// Checkboxes: present (any value) when ticked.
#[server(endpoint = "onboarding/notifications")]
pub async fn onboarding_notifications(
    email_notifications: Option<String>,
    sms_notifications: Option<String>,
    marketing_emails: Option<String>,
) -> Result<(), ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::save_notifications(
            &state,
            &user.user_id,
            email_notifications.is_some(),
            sms_notifications.is_some(),
            marketing_emails.is_some(),
        )
        .await
    })
    .await?;
    then_next().await
}

/// Leaves `step` as it is and moves on.
#[server(endpoint = "onboarding/skip")]
pub async fn onboarding_skip(step: String) -> Result<(), ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::finish_step(&state, &user.user_id, &step).await
    })
    .await?;
    then_next().await
}

/// Ends the setup for good, wherever it is.
#[server(endpoint = "onboarding/dismiss")]
pub async fn onboarding_dismiss() -> Result<(), ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::onboarding::dismiss(&state, &user.user_id).await
    })
    .await?;
    leptos_axum::redirect("/");
    Ok(())
}
