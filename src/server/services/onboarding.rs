//! The guided setup after a browser sign-up: profile, preferences, plan, notifications.
//!
//! Each step saves through the service that owns the data (profile, settings, billing) — the setup adds no
//! rule of its own beyond the order of the steps. Where the user is lives in `user_onboarding`, so the setup
//! resumes where it was left on any device; once completed or dismissed it is never shown again. Accounts
//! without a row (the REST API, the demo and bulk seeds, everyone from before) have nothing to set up.

use crate::{
    api::{
        dashboard::ProfilePatch,
        onboarding::{SetupProgress, STEPS},
        settings::{NotificationPreferencesPatch, PreferencesPatch, SettingsPatch},
        ErrorCode,
    },
    server::{
        db,
        services::{billing, dashboard, settings},
        AppError, AppState,
    },
};

/// Starts the setup for a new account at its first step.
pub async fn begin(state: &AppState, user_id: &str) -> Result<(), AppError> {
    db::onboarding::start(&state.db, user_id, STEPS[0], db::now_ms()).await?;
    Ok(())
}

/// Where the user is in the setup; `None` when there is nothing (left) to set up.
pub async fn status(state: &AppState, user_id: &str) -> Result<Option<SetupProgress>, AppError> {
    let Some(row) = db::onboarding::find(&state.db, user_id).await? else {
        return Ok(None);
    };
    if row.finished_at.is_some() {
        return Ok(None);
    }
    let index = STEPS.iter().position(|s| *s == row.step).unwrap_or(0);
    Ok(Some(SetupProgress {
        step: STEPS[index].to_owned(),
        number: index as i64 + 1,
        total: STEPS.len() as i64,
    }))
}

/// Moves on from `step`: to the next one, or done after the last. Only the step the user is on moves the
/// setup, so a form posted twice does not skip the step after it.
pub async fn finish_step(state: &AppState, user_id: &str, step: &str) -> Result<(), AppError> {
    let Some(index) = STEPS.iter().position(|s| *s == step) else {
        return Err(AppError::field("step", "There is no such step."));
    };
    let now = db::now_ms();
    match STEPS.get(index + 1) {
        Some(next) => db::onboarding::advance(&state.db, user_id, step, next, now).await?,
        None => db::onboarding::complete(&state.db, user_id, step, now).await?,
    }
    Ok(())
}

pub async fn dismiss(state: &AppState, user_id: &str) -> Result<(), AppError> {
    db::onboarding::dismiss(&state.db, user_id, db::now_ms()).await?;
    Ok(())
}

pub async fn save_profile(
    state: &AppState,
    user_id: &str,
    first_name: String,
    last_name: String,
    phone: String,
) -> Result<(), AppError> {
    let phone = Some(phone).filter(|p| !p.trim().is_empty());
    let patch = ProfilePatch {
        first_name: Some(first_name),
        last_name: Some(last_name),
        phone: Some(phone),
        email: None,
    };
    dashboard::update_profile(state, user_id, patch).await?;
    finish_step(state, user_id, "profile").await
}

pub async fn save_preferences(
    state: &AppState,
    user_id: &str,
    timezone: String,
    language: String,
    theme: String,
) -> Result<(), AppError> {
    let patch = PreferencesPatch {
        timezone: Some(timezone),
        language: Some(language),
        theme: Some(theme),
        ..Default::default()
    };
    settings::update_preferences(state, user_id, patch).await?;
    finish_step(state, user_id, "preferences").await
}

/// Subscribes to `plan_id` through the subscription's own flow; no plan id means staying on the free allowance.
pub async fn choose_plan(
    state: &AppState,
    user_id: &str,
    plan_id: Option<String>,
) -> Result<(), AppError> {
    if let Some(plan_id) = plan_id.filter(|p| !p.trim().is_empty()) {
        let overview = billing::overview(state, user_id).await?;
        // The setup only starts a plan: someone who already has one changes it on the Subscription page,
        // where the change's cost is stated before it is confirmed.
        if overview.current_subscription.is_some() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "You already have a plan. Change it on the Subscription page.",
            ));
        }
        billing::change_plan(state, user_id, &plan_id).await?;
    }
    finish_step(state, user_id, "plan").await
}

pub async fn save_notifications(
    state: &AppState,
    user_id: &str,
    email: bool,
    sms: bool,
    marketing: bool,
) -> Result<(), AppError> {
    let patch = SettingsPatch {
        notification_preferences: Some(NotificationPreferencesPatch {
            email_notifications: Some(email),
            sms_notifications: Some(sms),
            marketing_emails: Some(marketing),
        }),
        ..Default::default()
    };
    settings::update_settings(state, user_id, patch).await?;
    finish_step(state, user_id, "notifications").await
}
