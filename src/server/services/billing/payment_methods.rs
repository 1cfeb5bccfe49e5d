//! Saved cards: added from a provider token, listed, made default, removed. The user always has exactly one
//! default card while they have any: the first card becomes it, and removing it promotes the newest other.

use super::subscription::begin;
use crate::{
    api::billing::{PaymentMethod, PaymentMethods},
    server::{
        db::{self, billing::PaymentMethodRow},
        AppError, AppState,
    },
};

impl From<&PaymentMethodRow> for PaymentMethod {
    fn from(row: &PaymentMethodRow) -> Self {
        PaymentMethod {
            id: row.id.clone(),
            brand: row.brand.clone(),
            last4: row.last4.clone(),
            exp_month: row.exp_month,
            exp_year: row.exp_year,
            is_default: row.is_default,
            created_at: db::rfc3339(row.created_at),
        }
    }
}

pub async fn list(state: &AppState, user_id: &str) -> Result<PaymentMethods, AppError> {
    let rows = db::billing::payment_methods(&state.db, user_id).await?;
    Ok(PaymentMethods {
        payment_methods: rows.iter().map(PaymentMethod::from).collect(),
    })
}

pub async fn add(state: &AppState, user_id: &str, token: &str) -> Result<PaymentMethod, AppError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(AppError::field("token", "Enter a card token."));
    }
    // Asked before the transaction: a provider on the network must not hold the user's billing lock.
    let card = state.billing.attach_card(user_id, token).await?;
    let mut tx = begin(state, user_id).await?;
    let is_default = db::billing::default_payment_method(&mut tx, user_id)
        .await?
        .is_none();
    let row = PaymentMethodRow {
        id: db::new_id(),
        brand: card.brand,
        last4: card.last4,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        is_default,
        created_at: db::now_ms(),
        provider_ref: Some(card.reference),
    };
    db::billing::insert_payment_method(
        &mut tx,
        &db::billing::NewPaymentMethod {
            id: &row.id,
            user_id,
            brand: &row.brand,
            last4: &row.last4,
            expiry: (row.exp_month, row.exp_year),
            is_default,
            created_at: row.created_at,
            provider_ref: row.provider_ref.as_deref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(PaymentMethod::from(&row))
}

pub async fn delete(state: &AppState, user_id: &str, id: &str) -> Result<(), AppError> {
    let mut tx = begin(state, user_id).await?;
    let card = db::billing::payment_method(&mut tx, user_id, id)
        .await?
        .ok_or_else(not_found)?;
    db::billing::delete_payment_method(&mut tx, user_id, id).await?;
    if card.is_default {
        if let Some(next) = db::billing::newest_payment_method(&mut tx, user_id).await? {
            db::billing::set_default_payment_method(&mut tx, user_id, &next.id).await?;
        }
    }
    tx.commit().await?;
    // After the commit, and only logged on failure: the card is gone for us either way, and a card left
    // attached at the provider is never charged, since charges name the card we choose.
    if let Some(reference) = &card.provider_ref {
        if let Err(e) = state.billing.detach_card(reference).await {
            tracing::warn!(error = %e, card = %card.id, "could not detach the card at the provider");
        }
    }
    Ok(())
}

pub async fn set_default(
    state: &AppState,
    user_id: &str,
    id: &str,
) -> Result<PaymentMethod, AppError> {
    let mut tx = begin(state, user_id).await?;
    let mut card = db::billing::payment_method(&mut tx, user_id, id)
        .await?
        .ok_or_else(not_found)?;
    db::billing::set_default_payment_method(&mut tx, user_id, id).await?;
    tx.commit().await?;
    card.is_default = true;
    Ok(PaymentMethod::from(&card))
}

fn not_found() -> AppError {
    AppError::not_found("The payment method")
}
