//! Ingestion: what the product's services report about a user — calls, chats, token usage, images,
//! notifications — arrives here, one item or a batch of up to 1,000.
//!
//! Each item is parsed and validated on its own, so one bad item is reported (in the common error shape)
//! without refusing its neighbours. The accepted items, their stats events and the idempotency record are
//! written in one transaction: a retried delivery with the same `Idempotency-Key` is answered from that record
//! and counts once.

use crate::{
    api::{ApiError, ErrorCode, FieldErrors},
    server::{
        db::{self, stats::StatsEvent, Db, Tx},
        domain::Email,
        AppError, AppState,
    },
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

mod items;

pub use items::{CallItem, ChatItem, NotificationItem, TokenUsageItem, ValidImage};

pub const MAX_BATCH: usize = 1000;

/// Who an item is about: a user id, or an email address.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct UserRef {
    /// The user's id; give this or `user_email`.
    pub user_id: Option<String>,
    pub user_email: Option<String>,
}

/// One kind of ingested JSON item.
pub trait Item: DeserializeOwned + Send {
    /// What the validated item is.
    type Valid: Write;
    fn user(&self) -> &UserRef;
    fn validate(self, now: i64) -> Result<Self::Valid, FieldErrors>;
}

/// A validated item that can be stored.
pub trait Write: Send + Sync {
    /// Writes the item for `user_id` and returns its id and the stats event it causes, if any.
    fn write(
        &self,
        user_id: &str,
        tx: &mut Tx,
        now: i64,
    ) -> impl std::future::Future<Output = Result<(String, Option<StatsEvent>), sqlx::Error>> + Send;
}

/// An item after parsing: who it is for and what to write, or why it was rejected.
pub type Parsed<W> = Result<(UserRef, W), ApiError>;

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemResult {
    /// The item's position in the batch, from 0.
    pub index: usize,
    /// created or rejected.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IngestResponse {
    /// Present only when no item was accepted, so the body is also an error in the common shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    pub accepted: usize,
    pub rejected: usize,
    pub results: Vec<ItemResult>,
}

impl IngestResponse {
    /// 201 when every item was stored, 207 when some were, 400 when none was.
    pub fn status(&self) -> u16 {
        match (self.accepted, self.rejected) {
            (_, 0) => 201,
            (0, _) => 400,
            _ => 207,
        }
    }
}

/// An ingestion outcome: a fresh response, or the stored one for a repeated `Idempotency-Key`.
pub enum Outcome {
    Fresh(IngestResponse),
    Replayed { status: u16, body: String },
}

pub struct Idempotency<'a> {
    pub api_key_id: &'a str,
    pub key: &'a str,
    pub endpoint: &'a str,
}

/// The items of a body that is one object or an array of them.
pub fn items_of(body: Value) -> Result<Vec<Value>, AppError> {
    let items = match body {
        Value::Array(items) => items,
        item @ Value::Object(_) => vec![item],
        _ => {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                "Send one item (an object) or a batch (an array).",
            ))
        }
    };
    if items.is_empty() {
        return Err(AppError::new(ErrorCode::BadRequest, "The batch is empty."));
    }
    if items.len() > MAX_BATCH {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("A batch holds at most {MAX_BATCH} items."),
        ));
    }
    Ok(items)
}

/// Parses, validates and stores a batch of JSON items of kind `T`.
pub async fn ingest<T: Item>(
    state: &AppState,
    items: Vec<Value>,
    idempotency: Option<Idempotency<'_>>,
) -> Result<Outcome, AppError> {
    let now = db::now_ms();
    let parsed = items.into_iter().map(|raw| parse::<T>(raw, now)).collect();
    store(state, parsed, idempotency, now).await
}

/// Stores the accepted items of a parsed batch in one transaction, with their stats events and the
/// idempotency record, and reports on every item.
pub async fn store<W: Write>(
    state: &AppState,
    parsed: Vec<Parsed<W>>,
    idempotency: Option<Idempotency<'_>>,
    now: i64,
) -> Result<Outcome, AppError> {
    if let Some(idem) = &idempotency {
        if let Some(stored) = replay(&state.db, idem).await? {
            return Ok(stored);
        }
    }
    let mut results: Vec<ItemResult> = Vec::with_capacity(parsed.len());
    let mut valid: Vec<(usize, W, String)> = Vec::new();
    let mut users = UserResolver::default();
    for (index, item) in parsed.into_iter().enumerate() {
        match item {
            Ok((user, item)) => match users.resolve(&state.db, &user).await? {
                Some(user_id) => valid.push((index, item, user_id)),
                None => results.push(rejected(
                    index,
                    ApiError::new(ErrorCode::NotFound, "No such user."),
                )),
            },
            Err(error) => results.push(rejected(index, error)),
        }
    }

    let mut tx = state.db.begin().await?;
    if let Some(idem) = &idempotency {
        if !claim_key(&mut tx, idem, now).await? {
            drop(tx);
            return replay(&state.db, idem).await?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::Conflict,
                    "A request with this Idempotency-Key is still being processed.",
                )
            });
        }
    }
    for (index, item, user_id) in &valid {
        let (id, event) = item.write(user_id, &mut tx, now).await?;
        if let Some(event) = event {
            db::stats::insert_event(&mut tx, &event, now).await?;
        }
        results.push(ItemResult {
            index: *index,
            status: "created".into(),
            id: Some(id),
            error: None,
        });
    }
    // What these users see has changed: their cached dashboards must not be served again.
    let mut touched: Vec<&str> = valid
        .iter()
        .map(|(_, _, user_id)| user_id.as_str())
        .collect();
    touched.sort_unstable();
    touched.dedup();
    for user_id in touched {
        db::freshness::bump_in(&mut tx, user_id).await?;
    }
    results.sort_by_key(|r| r.index);
    let accepted = valid.len();
    let response = IngestResponse {
        error: (accepted == 0).then(|| {
            ApiError::new(
                ErrorCode::ValidationFailed,
                "No item was accepted; see results.",
            )
        }),
        accepted,
        rejected: results.len() - accepted,
        results,
    };
    if let Some(idem) = &idempotency {
        let body =
            serde_json::to_string(&response).map_err(|e| AppError::internal(e.to_string()))?;
        store_response(&mut tx, idem, response.status(), &body).await?;
    }
    tx.commit().await?;
    if accepted > 0 {
        state.stats.wake();
    }
    Ok(Outcome::Fresh(response))
}

fn rejected(index: usize, error: ApiError) -> ItemResult {
    ItemResult {
        index,
        status: "rejected".into(),
        id: None,
        error: Some(error),
    }
}

fn parse<T: Item>(raw: Value, now: i64) -> Parsed<T::Valid> {
    let item: T = serde_json::from_value(raw).map_err(|e| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("The item has the wrong shape: {e}"),
        )
    })?;
    let user = item.user().clone();
    check_user(&user)?;
    let valid = item.validate(now).map_err(ApiError::validation)?;
    Ok((user, valid))
}

pub fn check_user(user: &UserRef) -> Result<(), ApiError> {
    if user.user_id.is_none() && user.user_email.is_none() {
        let mut fields = FieldErrors::new();
        fields.insert("user_id".into(), vec!["Give user_id or user_email.".into()]);
        return Err(ApiError::validation(fields));
    }
    Ok(())
}

/// Looks each user up once per batch.
#[derive(Default)]
struct UserResolver {
    known: HashMap<(bool, String), Option<String>>,
}

impl UserResolver {
    async fn resolve(&mut self, db: &Db, user: &UserRef) -> Result<Option<String>, AppError> {
        let key = match (&user.user_id, &user.user_email) {
            (Some(id), _) => (true, id.clone()),
            (None, Some(email)) => (false, email.clone()),
            (None, None) => return Ok(None),
        };
        if let Some(found) = self.known.get(&key) {
            return Ok(found.clone());
        }
        let found = if key.0 {
            db::users::find_by_id(db, &key.1).await?.map(|u| u.id)
        } else {
            match Email::parse(&key.1) {
                Ok(email) => db::users::find_by_email(db, email.as_str())
                    .await?
                    .map(|u| u.id),
                Err(_) => None,
            }
        };
        self.known.insert(key, found.clone());
        Ok(found)
    }
}

async fn replay(db: &Db, idem: &Idempotency<'_>) -> Result<Option<Outcome>, AppError> {
    let Some(stored) = db::api_keys::find_response(db, idem.api_key_id, idem.key).await? else {
        return Ok(None);
    };
    if stored.endpoint != idem.endpoint {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "This Idempotency-Key was already used for another endpoint.",
        ));
    }
    if stored.response_status == 0 {
        return Ok(None);
    }
    Ok(Some(Outcome::Replayed {
        status: stored.response_status as u16,
        body: stored.response_body,
    }))
}

/// Reserves the key inside the transaction; false when another request holds or has used it.
async fn claim_key(tx: &mut Tx, idem: &Idempotency<'_>, now: i64) -> Result<bool, AppError> {
    let inserted = db::on_tx!(tx, conn => sqlx::query(
        "INSERT INTO idempotency_keys (api_key_id, idempotency_key, endpoint, response_status, response_body, created_at)
         VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (api_key_id, idempotency_key) DO NOTHING",
    )
    .bind(idem.api_key_id)
    .bind(idem.key)
    .bind(idem.endpoint)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected());
    Ok(inserted == 1)
}

async fn store_response(
    tx: &mut Tx,
    idem: &Idempotency<'_>,
    status: u16,
    body: &str,
) -> Result<(), AppError> {
    db::on_tx!(tx, conn => sqlx::query(
        "UPDATE idempotency_keys SET response_status = $1, response_body = $2 WHERE api_key_id = $3 AND idempotency_key = $4",
    )
    .bind(i32::from(status))
    .bind(body)
    .bind(idem.api_key_id)
    .bind(idem.key)
    .execute(&mut *conn)
    .await
    .map(|_| ()))?;
    Ok(())
}
