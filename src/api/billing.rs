//! Subscription and payment methods: the DTOs of `/api/dashboard/user/subscription/*` and
//! `/api/dashboard/user/payment-methods/*`, shared with the UI.
//!
//! Amounts are decimals in the currency's major unit (`29.99`), as the API documents; the server keeps money
//! in minor units (cents) and converts only here, at the edge. Times are RFC 3339 in UTC.

use super::ApiError;
use leptos::prelude::*;
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

/// What choosing a plan would do, as the billing service would do it; the UI's plan comparison and its
/// confirmation step show this instead of working it out themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanChangeKind {
    /// A first plan (or one after the last has ended): starts now, billed in full.
    Start,
    /// A dearer plan: applies now, the difference for the rest of the period billed now.
    Upgrade,
    /// A cheaper plan: applies at the period end, nothing billed now.
    Downgrade,
    /// A plan at the same price: applies now, nothing billed.
    Switch,
    /// One's own plan while a downgrade waits: the downgrade is dropped.
    KeepCurrent,
    /// Not a change: the plan one is on.
    Current,
    /// Not a change: the plan a waiting downgrade moves to.
    Pending,
    /// Cannot be chosen now (another currency or interval); `detail` says why.
    Unavailable,
}

impl PlanChangeKind {
    /// Whether confirming would change anything (the others are refused by `change_plan`).
    pub fn is_change(self) -> bool {
        !matches!(
            self,
            PlanChangeKind::Current | PlanChangeKind::Pending | PlanChangeKind::Unavailable
        )
    }
}

/// The preview of choosing one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanChangePreview {
    pub plan_id: String,
    pub kind: PlanChangeKind,
    /// Billed on confirming: the full price to start, the prorated difference for an upgrade, else 0.
    pub amount_due_now: f64,
    pub currency: String,
    /// When the change takes effect if not at once (a downgrade: the period end).
    pub effective_at: Option<String>,
    /// For an upgrade, the proration as the invoice will describe it; when the plan cannot be chosen, why.
    pub detail: Option<String>,
}

// The browser's server functions: each is one call into `services::billing` through `web::as_user`, the
// same services the REST handlers call.

/// The plan, the catalogue, the billing history and this period's usage.
#[server(endpoint = "billing/subscription")]
pub async fn get_subscription() -> Result<SubscriptionOverview, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::overview(&state, &user.user_id).await
    })
    .await
}

/// For each plan on offer, what choosing it would do and cost now.
#[server(endpoint = "billing/plan-changes")]
pub async fn preview_plan_changes() -> Result<Vec<PlanChangePreview>, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::preview_changes(&state, &user.user_id).await
    })
    .await
}

/// Subscribes to `plan_id` or moves to it (an upgrade now, a downgrade at the period end).
#[server(endpoint = "billing/change-plan")]
pub async fn change_plan(plan_id: String) -> Result<ChangePlanResponse, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::change_plan(&state, &user.user_id, &plan_id).await
    })
    .await
}

/// Ends the subscription at the period end instead of renewing it.
#[server(endpoint = "billing/cancel")]
pub async fn cancel_subscription() -> Result<SubscriptionOverview, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::cancel(&state, &user.user_id).await
    })
    .await
}

/// Takes back a cancellation that has not taken effect yet.
#[server(endpoint = "billing/resume")]
pub async fn resume_subscription() -> Result<SubscriptionOverview, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::resume(&state, &user.user_id).await
    })
    .await
}

/// The saved cards, the newest first.
#[server(endpoint = "billing/payment-methods")]
pub async fn list_payment_methods() -> Result<PaymentMethods, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::payment_methods::list(&state, &user.user_id).await
    })
    .await
}

/// Saves the card a provider `token` stands for; the first card becomes the default.
#[server(endpoint = "billing/add-payment-method")]
pub async fn add_payment_method(token: String) -> Result<PaymentMethod, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::payment_methods::add(&state, &user.user_id, &token).await
    })
    .await
}

/// Removes a saved card; when it was the default, the newest other card becomes it.
#[server(endpoint = "billing/remove-payment-method")]
pub async fn remove_payment_method(id: String) -> Result<(), ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::payment_methods::delete(&state, &user.user_id, &id).await
    })
    .await
}

/// Makes a saved card the one that is charged.
#[server(endpoint = "billing/default-payment-method")]
pub async fn set_default_payment_method(id: String) -> Result<PaymentMethod, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::billing::payment_methods::set_default(&state, &user.user_id, &id)
            .await
    })
    .await
}
