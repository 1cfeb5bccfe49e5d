//! Subscription and payment methods: the DTOs of `/api/dashboard/user/subscription/*` and
//! `/api/dashboard/user/payment-methods/*`, shared with the UI.
//!
//! Amounts are decimals in the currency's major unit (`29.99`), as the API documents; the server keeps money
//! in minor units (cents) and converts only here, at the edge. Times are RFC 3339 in UTC.

use serde::{Deserialize, Serialize};

/// Per-period limits of a plan; `None` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Quotas {
    pub calls: Option<i64>,
    pub call_minutes: Option<i64>,
    pub agents: Option<i64>,
    pub tokens: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: String,
    pub code: String,
    pub name: String,
    pub price: f64,
    pub currency: String,
    /// `month` or `year`.
    pub interval: String,
    pub features: Vec<String>,
    pub quotas: Quotas,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CurrentSubscription {
    pub plan: Plan,
    /// `active`, `trialing` or `past_due`.
    pub status: String,
    pub current_period_start: String,
    pub current_period_end: String,
    /// Days until the period ends, a started day counting as one; never negative.
    pub days_remaining: i64,
    /// The subscription ends at the period end instead of renewing.
    pub cancel_at_period_end: bool,
    /// A downgrade that takes effect at the period end.
    pub pending_plan: Option<Plan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineItem {
    pub description: String,
    /// Negative for a credit.
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Invoice {
    pub id: String,
    pub number: String,
    pub amount: f64,
    pub currency: String,
    /// `draft`, `open`, `paid`, `void` or `uncollectible`.
    pub status: String,
    pub period_start: String,
    pub period_end: String,
    pub issued_at: String,
    pub line_items: Vec<LineItem>,
}

/// What the user has used in the current period, beside what their plan allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Usage {
    pub calls_made: i64,
    /// Call time, rounded up to whole minutes.
    pub call_minutes: i64,
    pub agents_used: i64,
    pub tokens_used: i64,
    pub quotas: Quotas,
}

/// `GET /api/dashboard/user/subscription/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubscriptionOverview {
    /// `None` when the user has no plan (never chose one, or it was cancelled and has ended).
    pub current_subscription: Option<CurrentSubscription>,
    /// The plans one can choose, in display order.
    pub available_plans: Vec<Plan>,
    /// The newest invoices first.
    pub billing_history: Vec<Invoice>,
    /// `None` without a current subscription: usage is counted per billing period.
    pub current_usage: Option<Usage>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangePlanRequest {
    pub plan_id: String,
}

/// What an upgrade charged for the rest of the current period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Proration {
    pub amount: f64,
    pub currency: String,
    pub description: String,
}

/// `POST /api/dashboard/user/subscription/change-plan/`: the overview after the change, and for an upgrade
/// what it cost (`null` for a downgrade, which costs nothing now, or a first plan, billed in full).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangePlanResponse {
    #[serde(flatten)]
    pub overview: SubscriptionOverview,
    pub proration: Option<Proration>,
}

/// A saved card. The full number never reaches the server: the provider turns it into a token in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentMethod {
    pub id: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i32,
    pub exp_year: i32,
    pub is_default: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentMethods {
    /// The newest first.
    pub payment_methods: Vec<PaymentMethod>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AddPaymentMethodRequest {
    /// A card token from the billing provider (`tok_visa` and friends with the built-in test provider).
    pub token: String,
}
