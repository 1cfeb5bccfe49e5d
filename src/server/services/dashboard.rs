//! The main dashboard (`GET /api/dashboard/user/`) and the profile (`/profile/`).
//!
//! Every number here is read from a counter or a rollup, never by scanning the user's history, so the
//! dashboard of a user with a million calls costs what a new user's costs.

use crate::{
    api::{
        dashboard::{
            success_rate, CallStatistics, DashboardUser, PlanSummary, Profile, ProfilePatch,
            SubscriptionSummary, UserDashboard,
        },
        ApiError, ErrorCode, FieldErrors,
    },
    server::{
        db::{self, users::ProfileRow},
        domain::{Email, PersonName, Phone},
        rest::media,
        services::{calls, settings},
        AppError, AppState,
    },
};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn full_name(first: &str, last: &str, email: &str) -> String {
    let name = format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_owned();
    if name.is_empty() {
        email.to_owned()
    } else {
        name
    }
}

async fn profile_row(state: &AppState, user_id: &str) -> Result<ProfileRow, AppError> {
    db::users::profile(&state.db, user_id)
        .await?
        .ok_or_else(AppError::unauthorized)
}

pub async fn dashboard(state: &AppState, user_id: &str) -> Result<UserDashboard, AppError> {
    state
        .cache
        .get_or_compute(state, user_id, "user-dashboard", || compute(state, user_id))
        .await
}

async fn compute(state: &AppState, user_id: &str) -> Result<UserDashboard, AppError> {
    let now = db::now_ms();
    let profile = profile_row(state, user_id).await?;
    let stats = db::stats::user_stats(&state.db, user_id).await?;
    let zone = settings::timezone(state, user_id).await?;
    let this_month_calls =
        db::dashboard::calls_between(&state.db, user_id, zone.month_start(now), i64::MAX).await?;
    let subscription = db::dashboard::subscription_summary(&state.db, user_id)
        .await?
        .map(|s| SubscriptionSummary {
            plan: PlanSummary {
                name: s.plan_name,
                price: s.price_minor as f64 / 100.0,
                features: serde_json::from_str(&s.features).unwrap_or_default(),
            },
            status: s.status,
            // Whole days left, rounded up: a period ending later today still has "1 day" left.
            days_remaining: ((s.current_period_end - now).max(0) + DAY_MS - 1) / DAY_MS,
        });
    let recent_calls = db::calls::recent(&state.db, user_id, 5)
        .await?
        .into_iter()
        .map(calls::to_dto)
        .collect();
    Ok(UserDashboard {
        user: DashboardUser {
            id: profile.id.clone(),
            email: profile.email.clone(),
            full_name: full_name(&profile.first_name, &profile.last_name, &profile.email),
            phone: profile.phone.clone(),
            avatar: profile.avatar_key.as_deref().map(media::url),
        },
        subscription,
        call_statistics: CallStatistics {
            total_calls: stats.total_calls,
            this_month_calls,
            successful_calls: stats.successful_calls,
            success_rate: success_rate(stats.successful_calls, stats.total_calls),
        },
        recent_calls,
    })
}

fn to_profile(row: ProfileRow) -> Profile {
    Profile {
        full_name: full_name(&row.first_name, &row.last_name, &row.email),
        avatar: row.avatar_key.as_deref().map(media::url),
        email_verified: row.email_verified_at.is_some(),
        created_at: db::rfc3339(row.created_at),
        id: row.id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        phone: row.phone,
        pending_email: row.pending_email,
    }
}

pub async fn profile(state: &AppState, user_id: &str) -> Result<Profile, AppError> {
    Ok(to_profile(profile_row(state, user_id).await?))
}

/// Applies the fields sent. A new email is kept as `pending_email` and only replaces the current address once
/// its verification link is opened (see `services::email`), so a typo cannot lock anyone out.
pub async fn update_profile(
    state: &AppState,
    user_id: &str,
    patch: ProfilePatch,
) -> Result<Profile, AppError> {
    let mut row = profile_row(state, user_id).await?;
    // Set when this request asks for a new address: its link is mailed with the change.
    let mut new_address = None;
    let mut errors = FieldErrors::new();
    let mut fail =
        |field: &str, message: String| errors.entry(field.to_owned()).or_default().push(message);
    if let Some(first) = patch.first_name {
        match PersonName::parse(&first, true) {
            Ok(name) => row.first_name = name.into_inner(),
            Err(m) => fail("first_name", m),
        }
    }
    if let Some(last) = patch.last_name {
        match PersonName::parse(&last, false) {
            Ok(name) => row.last_name = name.into_inner(),
            Err(m) => fail("last_name", m),
        }
    }
    match patch.phone {
        Some(Some(phone)) if !phone.trim().is_empty() => match Phone::parse(&phone) {
            Ok(p) => row.phone = Some(p.into_inner()),
            Err(m) => fail("phone", m),
        },
        Some(_) => row.phone = None,
        None => {}
    }
    if let Some(email) = patch.email {
        match Email::parse(&email) {
            Ok(e) if e.as_str() == row.email => row.pending_email = None,
            Ok(e) => match db::users::find_by_email(&state.db, e.as_str()).await? {
                Some(_) => {
                    let mut fields = FieldErrors::new();
                    fields.insert(
                        "email".into(),
                        vec!["An account with this email already exists.".into()],
                    );
                    return Err(ApiError {
                        code: ErrorCode::Conflict,
                        message: "This email is taken.".into(),
                        fields,
                    }
                    .into());
                }
                None => {
                    row.pending_email = Some(e.as_str().to_owned());
                    new_address = row.pending_email.clone();
                }
            },
            Err(m) => fail("email", m),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors).into());
    }
    let now = db::now_ms();
    let mut tx = state.db.begin().await?;
    db::users::update_profile(&mut tx, &row, now).await?;
    if let Some(address) = &new_address {
        super::email::queue_change_mail(state, &mut tx, user_id, &row.first_name, address, now)
            .await?;
    }
    tx.commit().await?;
    if new_address.is_some() {
        state.mailer.wake();
    }
    db::freshness::bump(&state.db, user_id).await?;
    Ok(to_profile(row))
}
