//! The billing provider: whoever holds the cards and moves the money.
//!
//! The services speak only to `BillingProvider`; which one runs is chosen once, in `AppState`. The built-in
//! `TestProvider` accepts Stripe's well-known test tokens and approves every charge, so the whole flow works
//! with no account anywhere; a Stripe provider implements the same three calls and nothing else changes.
//! The trait returns boxed futures so that `AppState` can hold any provider as `Arc<dyn BillingProvider>`.

use crate::server::{db, AppError};
use futures::future::BoxFuture;

/// What the provider tells us about a saved card. Never a full card number: that stays with the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardMetadata {
    /// The provider's handle for the card, used to charge it later.
    pub reference: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i32,
    pub exp_year: i32,
}

#[derive(Debug, Clone)]
pub struct ChargeRequest<'a> {
    pub user_id: &'a str,
    /// The provider's handle of the card to charge (`None`: the customer's default at the provider).
    pub card: Option<&'a str>,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub description: &'a str,
    /// Our invoice id: a provider that sees the same key twice charges once, so a retry after a failed commit
    /// cannot charge the customer twice.
    pub idempotency_key: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeResult {
    /// The provider's handle for the charge.
    pub reference: String,
    /// False when the card was declined; the invoice then stays open.
    pub paid: bool,
}

pub trait BillingProvider: Send + Sync {
    /// Turns a card token from the provider's browser form into a saved card. An unusable token is a field
    /// error on `token`.
    fn attach_card<'a>(
        &'a self,
        user_id: &'a str,
        token: &'a str,
    ) -> BoxFuture<'a, Result<CardMetadata, AppError>>;

    /// Forgets a saved card at the provider.
    fn detach_card<'a>(&'a self, reference: &'a str) -> BoxFuture<'a, Result<(), AppError>>;

    fn charge<'a>(
        &'a self,
        request: ChargeRequest<'a>,
    ) -> BoxFuture<'a, Result<ChargeResult, AppError>>;
}

/// The built-in provider: no network, no account. Our own tables record the invoices and card metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct TestProvider;

/// Stripe's test tokens and the card each stands for: token, brand, last four digits.
const TEST_CARDS: [(&str, &str, &str); 4] = [
    ("tok_visa", "visa", "4242"),
    ("tok_mastercard", "mastercard", "4444"),
    ("tok_amex", "amex", "8431"),
    ("tok_visa_debit", "visa", "5556"),
];

impl TestProvider {
    fn card(token: &str, now_ms: i64) -> Option<CardMetadata> {
        let (_, brand, last4) = TEST_CARDS.iter().find(|(t, _, _)| *t == token)?;
        let year = time::OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000))
            .map(|t| t.year())
            .unwrap_or(2026);
        Some(CardMetadata {
            reference: format!("test_pm_{}", db::new_id()),
            brand: (*brand).to_owned(),
            last4: (*last4).to_owned(),
            exp_month: 12,
            exp_year: year + 3,
        })
    }
}

impl BillingProvider for TestProvider {
    fn attach_card<'a>(
        &'a self,
        _user_id: &'a str,
        token: &'a str,
    ) -> BoxFuture<'a, Result<CardMetadata, AppError>> {
        Box::pin(async move {
            Self::card(token, db::now_ms()).ok_or_else(|| {
                AppError::field(
                    "token",
                    "This card token is not recognised. The test provider accepts tok_visa, \
                     tok_mastercard, tok_amex and tok_visa_debit.",
                )
            })
        })
    }

    fn detach_card<'a>(&'a self, _reference: &'a str) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async { Ok(()) })
    }

    fn charge<'a>(
        &'a self,
        request: ChargeRequest<'a>,
    ) -> BoxFuture<'a, Result<ChargeResult, AppError>> {
        Box::pin(async move {
            Ok(ChargeResult {
                reference: format!("test_ch_{}", request.idempotency_key),
                paid: true,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_tokens_stand_for_stripes_test_cards_expiring_in_three_years() {
        // 2026-11-23T00:00:00Z
        let now = 1_795_392_000_000;
        let card = TestProvider::card("tok_amex", now).expect("a known token");
        assert_eq!((card.brand.as_str(), card.last4.as_str()), ("amex", "8431"));
        assert_eq!((card.exp_month, card.exp_year), (12, 2029));
        assert!(TestProvider::card("tok_unknown", now).is_none());
        assert!(TestProvider::card("4242424242424242", now).is_none());
    }
}
