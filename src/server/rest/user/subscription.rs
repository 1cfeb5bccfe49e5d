//! `/subscription/*` and `/payment-methods/*`: the plan, its changes, and the cards that pay for it.
//! Thin: each handler is one call into `services::billing`.

use super::route;
use crate::{
    api::{
        billing::{
            AddPaymentMethodRequest, ChangePlanRequest, ChangePlanResponse, PaymentMethod,
            PaymentMethods, SubscriptionOverview,
        },
        error::ErrorBody,
    },
    server::{
        auth::AuthUser,
        rest::json::Json,
        services::billing::{self, payment_methods},
        AppError, AppState,
    },
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{delete, get, post},
    Router,
};

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    let router = route(router, "/subscription", get(overview));
    let router = route(router, "/subscription/change-plan", post(change_plan));
    let router = route(router, "/subscription/cancel", post(cancel));
    let router = route(router, "/subscription/resume", post(resume));
    let router = route(
        router,
        "/payment-methods",
        get(list_payment_methods).post(add_payment_method),
    );
    let router = route(
        router,
        "/payment-methods/{id}",
        delete(delete_payment_method),
    );
    route(
        router,
        "/payment-methods/{id}/default",
        post(set_default_payment_method),
    )
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    overview,
    change_plan,
    cancel,
    resume,
    list_payment_methods,
    add_payment_method,
    delete_payment_method,
    set_default_payment_method
))]
pub struct Docs;

#[utoipa::path(
    get,
    path = "/api/dashboard/user/subscription/",
    tag = "subscription",
    summary = "The current plan, the plans on offer, invoices and this period's usage",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The subscription overview.", body = SubscriptionOverview),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn overview(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SubscriptionOverview>, AppError> {
    Ok(axum::Json(billing::overview(&state, &auth.user_id).await?))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/subscription/change-plan/",
    tag = "subscription",
    summary = "Subscribe to a plan, or move to another",
    description = "An upgrade applies now and bills the difference for the rest of the period; a downgrade waits for the period end.",
    request_body = ChangePlanRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The overview after the change, and what an upgrade charged now.", body = ChangePlanResponse),
        (status = 400, description = "A malformed body; already on this plan or moving to it; a plan in another currency or interval; or the card was declined.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "No plan on offer has this id.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn change_plan(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<ChangePlanRequest>,
) -> Result<axum::Json<ChangePlanResponse>, AppError> {
    Ok(axum::Json(
        billing::change_plan(&state, &auth.user_id, &request.plan_id).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/subscription/cancel/",
    tag = "subscription",
    summary = "Cancel at the end of the period",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The overview after the change. Cancelling twice is the same as once.", body = SubscriptionOverview),
        (status = 400, description = "The user has no subscription.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn cancel(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SubscriptionOverview>, AppError> {
    Ok(axum::Json(billing::cancel(&state, &auth.user_id).await?))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/subscription/resume/",
    tag = "subscription",
    summary = "Take back a cancellation before it takes effect",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The overview after the change.", body = SubscriptionOverview),
        (status = 400, description = "The user has no subscription, or it is not being cancelled.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn resume(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SubscriptionOverview>, AppError> {
    Ok(axum::Json(billing::resume(&state, &auth.user_id).await?))
}

#[utoipa::path(
    get,
    path = "/api/dashboard/user/payment-methods/",
    tag = "subscription",
    summary = "The saved cards",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cards, newest first.", body = PaymentMethods),
        (status = 401, description = "Not signed in.", body = ErrorBody),
    )
)]
async fn list_payment_methods(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<PaymentMethods>, AppError> {
    Ok(axum::Json(
        payment_methods::list(&state, &auth.user_id).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/payment-methods/",
    tag = "subscription",
    summary = "Save a card",
    request_body = AddPaymentMethodRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The saved card; the first one becomes the default.", body = PaymentMethod),
        (status = 400, description = "A malformed body, or a token the billing provider does not recognise.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 413, description = "The body is over 64 KB.", body = ErrorBody),
        (status = 415, description = "The body is not application/json.", body = ErrorBody),
    )
)]
async fn add_payment_method(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<AddPaymentMethodRequest>,
) -> Result<(StatusCode, axum::Json<PaymentMethod>), AppError> {
    let card = payment_methods::add(&state, &auth.user_id, &request.token).await?;
    Ok((StatusCode::CREATED, axum::Json(card)))
}

#[utoipa::path(
    delete,
    path = "/api/dashboard/user/payment-methods/{id}/",
    tag = "subscription",
    summary = "Remove a card",
    params(("id" = String, Path, description = "The payment method's id.")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed; if it was the default, the newest remaining card becomes the default."),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The user has no payment method with this id.", body = ErrorBody),
    )
)]
async fn delete_payment_method(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    payment_methods::delete(&state, &auth.user_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/dashboard/user/payment-methods/{id}/default/",
    tag = "subscription",
    summary = "Make a card the default",
    params(("id" = String, Path, description = "The payment method's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The card, now the default.", body = PaymentMethod),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The user has no payment method with this id.", body = ErrorBody),
    )
)]
async fn set_default_payment_method(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<axum::Json<PaymentMethod>, AppError> {
    Ok(axum::Json(
        payment_methods::set_default(&state, &auth.user_id, &id).await?,
    ))
}
