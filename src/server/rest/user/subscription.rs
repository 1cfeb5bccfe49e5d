//! `/subscription/*` and `/payment-methods/*`: the plan, its changes, and the cards that pay for it.
//! Thin: each handler is one call into `services::billing`.

use super::route;
use crate::{
    api::billing::{
        AddPaymentMethodRequest, ChangePlanRequest, ChangePlanResponse, PaymentMethod,
        PaymentMethods, SubscriptionOverview,
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

async fn overview(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SubscriptionOverview>, AppError> {
    Ok(axum::Json(billing::overview(&state, &auth.user_id).await?))
}

async fn change_plan(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<ChangePlanRequest>,
) -> Result<axum::Json<ChangePlanResponse>, AppError> {
    Ok(axum::Json(
        billing::change_plan(&state, &auth.user_id, &request.plan_id).await?,
    ))
}

async fn cancel(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SubscriptionOverview>, AppError> {
    Ok(axum::Json(billing::cancel(&state, &auth.user_id).await?))
}

async fn resume(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<SubscriptionOverview>, AppError> {
    Ok(axum::Json(billing::resume(&state, &auth.user_id).await?))
}

async fn list_payment_methods(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<axum::Json<PaymentMethods>, AppError> {
    Ok(axum::Json(
        payment_methods::list(&state, &auth.user_id).await?,
    ))
}

async fn add_payment_method(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<AddPaymentMethodRequest>,
) -> Result<(StatusCode, axum::Json<PaymentMethod>), AppError> {
    let card = payment_methods::add(&state, &auth.user_id, &request.token).await?;
    Ok((StatusCode::CREATED, axum::Json(card)))
}

async fn delete_payment_method(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    payment_methods::delete(&state, &auth.user_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_default_payment_method(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<axum::Json<PaymentMethod>, AppError> {
    Ok(axum::Json(
        payment_methods::set_default(&state, &auth.user_id, &id).await?,
    ))
}
