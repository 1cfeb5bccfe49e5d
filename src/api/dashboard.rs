//! `GET /api/dashboard/user/` and `/profile/`: the main dashboard and the user's personal information
//! (snake_case, as `user-dashboard-api-calls.md` documents them).

use super::calls::Call;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserDashboard {
    pub user: DashboardUser,
    pub subscription: Option<SubscriptionSummary>,
    pub call_statistics: CallStatistics,
    pub recent_calls: Vec<Call>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DashboardUser {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub phone: Option<String>,
    /// URL of the 300×300 avatar, or null.
    pub avatar: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubscriptionSummary {
    pub plan: PlanSummary,
    pub status: String,
    pub days_remaining: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    pub name: String,
    /// In the plan's currency, e.g. 29.99.
    pub price: f64,
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CallStatistics {
    pub total_calls: i64,
    /// Calls since the start of this calendar month in the user's time zone.
    pub this_month_calls: i64,
    pub successful_calls: i64,
    /// Percentage of calls that completed, two decimals (93.33); 0 without calls.
    pub success_rate: f64,
}

/// The user's personal information.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Profile {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub phone: Option<String>,
    pub avatar: Option<String>,
    pub email_verified: bool,
    /// A new address waiting for verification; `email` stays in force until then.
    pub pending_email: Option<String>,
    pub created_at: String,
}

/// `PATCH /profile/`: only the keys sent change. `phone: null` (or "") removes the number.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub phone: Option<Option<String>>,
    pub email: Option<String>,
}

/// Tells "absent" (None) from "null" (Some(None)) for fields that can be cleared.
fn double_option<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Percentage with two decimals, as the seed shows it (42 of 45 → 93.33).
pub fn success_rate(successful: i64, total: i64) -> f64 {
    if total <= 0 {
        return 0.0;
    }
    (successful as f64 * 10_000.0 / total as f64).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_rate_matches_the_seed() {
        assert_eq!(success_rate(42, 45), 93.33);
        assert_eq!(success_rate(0, 0), 0.0);
        assert_eq!(success_rate(3, 3), 100.0);
    }
}
