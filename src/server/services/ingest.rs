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
        db::{self, activity, stats::StatsEvent, Db, Tx},
        domain::{parse_timestamp, Email, Phone},
        AppError, AppState,
    },
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

pub const MAX_BATCH: usize = 1000;

/// Who an item is about: a user id, or an email address.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserRef {
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemResult {
    pub index: usize,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

// ---- The item kinds ------------------------------------------------------------------------------------

fn field_error(fields: &mut FieldErrors, field: &str, message: impl Into<String>) {
    fields
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

/// A bounded, trimmed text; `None` when empty and optional.
fn text(
    fields: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
    required: bool,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None if required => {
            field_error(fields, field, "This field is required.");
            None
        }
        Some(v) if v.chars().count() > max => {
            field_error(fields, field, format!("Use at most {max} characters."));
            None
        }
        v => v.map(str::to_owned),
    }
}

fn timestamp(fields: &mut FieldErrors, field: &str, value: Option<&str>, now: i64) -> i64 {
    match value.map(parse_timestamp) {
        None => now,
        Some(Ok(t)) if t <= now + 5 * 60_000 => t,
        Some(Ok(_)) => {
            field_error(fields, field, "This time is in the future.");
            now
        }
        Some(Err(m)) => {
            field_error(fields, field, m);
            now
        }
    }
}

fn done<T>(fields: FieldErrors, value: T) -> Result<T, FieldErrors> {
    if fields.is_empty() {
        Ok(value)
    } else {
        Err(fields)
    }
}

#[derive(Debug, Deserialize)]
pub struct CallItem {
    #[serde(flatten)]
    pub user: UserRef,
    pub phone_number: String,
    pub direction: Option<String>,
    pub status: String,
    pub started_at: String,
    #[serde(default)]
    pub duration_seconds: i64,
    /// The agent's name; agents are created on first sight.
    pub agent: Option<String>,
    pub satisfaction_rating: Option<i32>,
    pub recording_url: Option<String>,
    pub summary: Option<String>,
}

pub struct ValidCall {
    call: activity::NewCall,
    agent: Option<String>,
}

impl Item for CallItem {
    type Valid = ValidCall;

    fn user(&self) -> &UserRef {
        &self.user
    }

    fn validate(self, now: i64) -> Result<ValidCall, FieldErrors> {
        let mut f = FieldErrors::new();
        let phone = Phone::parse(&self.phone_number)
            .map_err(|m| field_error(&mut f, "phone_number", m))
            .ok();
        let direction = self.direction.unwrap_or_else(|| "outbound".into());
        if !matches!(direction.as_str(), "inbound" | "outbound") {
            field_error(&mut f, "direction", "Use inbound or outbound.");
        }
        if !matches!(self.status.as_str(), "completed" | "failed" | "missed") {
            field_error(&mut f, "status", "Use completed, failed or missed.");
        }
        let started_at = timestamp(&mut f, "started_at", Some(&self.started_at), now);
        if !(0..=7 * 24 * 3600).contains(&self.duration_seconds) {
            field_error(
                &mut f,
                "duration_seconds",
                "Give a duration between 0 and one week, in seconds.",
            );
        }
        if self
            .satisfaction_rating
            .is_some_and(|r| !(1..=5).contains(&r))
        {
            field_error(&mut f, "satisfaction_rating", "Rate from 1 to 5.");
        }
        let recording_url = text(
            &mut f,
            "recording_url",
            self.recording_url.as_deref(),
            2000,
            false,
        );
        if recording_url
            .as_deref()
            .is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")))
        {
            field_error(&mut f, "recording_url", "Give an http(s) URL.");
        }
        let summary = text(&mut f, "summary", self.summary.as_deref(), 5000, false);
        let agent = text(&mut f, "agent", self.agent.as_deref(), 100, false);
        done(
            f,
            ValidCall {
                call: activity::NewCall {
                    id: String::new(),
                    user_id: String::new(),
                    phone_number: phone.map(Phone::into_inner).unwrap_or_default(),
                    direction,
                    status: self.status,
                    started_at,
                    duration_seconds: self.duration_seconds,
                    agent_id: None,
                    satisfaction_rating: self.satisfaction_rating,
                    recording_url,
                    summary,
                    created_at: now,
                },
                agent,
            },
        )
    }
}

impl Write for ValidCall {
    async fn write(
        &self,
        user_id: &str,
        tx: &mut Tx,
        now: i64,
    ) -> Result<(String, Option<StatsEvent>), sqlx::Error> {
        let valid = self;
        let agent_id = match &valid.agent {
            Some(name) => Some(activity::agent_id(tx, user_id, name, &db::new_id(), now).await?),
            None => None,
        };
        let call = activity::NewCall {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            agent_id,
            ..valid.call.clone()
        };
        activity::insert_call(tx, &call).await?;
        let event = StatsEvent {
            user_id: call.user_id.clone(),
            kind: "call".into(),
            occurred_at: call.started_at,
            status: Some(call.status.clone()),
            duration_seconds: Some(call.duration_seconds),
            rating: call.satisfaction_rating,
            agent_id: call.agent_id.clone(),
            ..Default::default()
        };
        Ok((call.id, Some(event)))
    }
}

#[derive(Debug, Deserialize)]
pub struct ChatItem {
    #[serde(flatten)]
    pub user: UserRef,
    pub title: String,
    pub model: Option<String>,
    pub created_at: Option<String>,
}

pub struct ValidChat {
    title: String,
    model: Option<String>,
    created_at: i64,
}

impl Item for ChatItem {
    type Valid = ValidChat;

    fn user(&self) -> &UserRef {
        &self.user
    }

    fn validate(self, now: i64) -> Result<ValidChat, FieldErrors> {
        let mut f = FieldErrors::new();
        let title = text(&mut f, "title", Some(&self.title), 300, true).unwrap_or_default();
        let model = text(&mut f, "model", self.model.as_deref(), 100, false);
        let created_at = timestamp(&mut f, "created_at", self.created_at.as_deref(), now);
        done(
            f,
            ValidChat {
                title,
                model,
                created_at,
            },
        )
    }
}

impl Write for ValidChat {
    async fn write(
        &self,
        user_id: &str,
        tx: &mut Tx,
        _now: i64,
    ) -> Result<(String, Option<StatsEvent>), sqlx::Error> {
        let v = self;
        let id = db::new_id();
        activity::insert_chat(tx, &id, user_id, &v.title, v.model.as_deref(), v.created_at).await?;
        let event = StatsEvent {
            user_id: user_id.to_owned(),
            kind: "chat".into(),
            occurred_at: v.created_at,
            ..Default::default()
        };
        Ok((id, Some(event)))
    }
}

#[derive(Debug, Deserialize)]
pub struct TokenUsageItem {
    #[serde(flatten)]
    pub user: UserRef,
    pub model: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub occurred_at: Option<String>,
}

impl Item for TokenUsageItem {
    type Valid = activity::NewTokenUsage;

    fn user(&self) -> &UserRef {
        &self.user
    }

    fn validate(self, now: i64) -> Result<Self::Valid, FieldErrors> {
        let mut f = FieldErrors::new();
        let model = text(&mut f, "model", Some(&self.model), 100, true).unwrap_or_default();
        for (field, value) in [
            ("prompt_tokens", self.prompt_tokens),
            ("completion_tokens", self.completion_tokens),
        ] {
            if !(0..=100_000_000).contains(&value) {
                field_error(&mut f, field, "Give a count between 0 and 100,000,000.");
            }
        }
        let occurred_at = timestamp(&mut f, "occurred_at", self.occurred_at.as_deref(), now);
        done(
            f,
            activity::NewTokenUsage {
                id: String::new(),
                user_id: String::new(),
                model,
                prompt_tokens: self.prompt_tokens,
                completion_tokens: self.completion_tokens,
                occurred_at,
            },
        )
    }
}

impl Write for activity::NewTokenUsage {
    async fn write(
        &self,
        user_id: &str,
        tx: &mut Tx,
        _now: i64,
    ) -> Result<(String, Option<StatsEvent>), sqlx::Error> {
        let v = self;
        let usage = activity::NewTokenUsage {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            ..v.clone()
        };
        activity::insert_token_usage(tx, &usage).await?;
        let event = StatsEvent {
            user_id: usage.user_id.clone(),
            kind: "tokens".into(),
            occurred_at: usage.occurred_at,
            model: Some(usage.model.clone()),
            prompt_tokens: Some(usage.prompt_tokens),
            completion_tokens: Some(usage.completion_tokens),
            ..Default::default()
        };
        Ok((usage.id, Some(event)))
    }
}

#[derive(Debug, Deserialize)]
pub struct NotificationItem {
    #[serde(flatten)]
    pub user: UserRef,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub urgent: bool,
}

impl Item for NotificationItem {
    type Valid = activity::NewNotification;

    fn user(&self) -> &UserRef {
        &self.user
    }

    fn validate(self, now: i64) -> Result<Self::Valid, FieldErrors> {
        let mut f = FieldErrors::new();
        let kind = text(&mut f, "kind", Some(&self.kind), 50, true).unwrap_or_default();
        if !kind
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        {
            field_error(
                &mut f,
                "kind",
                "Use lower-case letters, dots and underscores, like billing.payment_failed.",
            );
        }
        let title = text(&mut f, "title", Some(&self.title), 200, true).unwrap_or_default();
        let body = text(&mut f, "body", Some(&self.body), 5000, false).unwrap_or_default();
        done(
            f,
            activity::NewNotification {
                id: String::new(),
                user_id: String::new(),
                kind,
                title,
                body,
                urgent: self.urgent,
                created_at: now,
            },
        )
    }
}

impl Write for activity::NewNotification {
    async fn write(
        &self,
        user_id: &str,
        tx: &mut Tx,
        _now: i64,
    ) -> Result<(String, Option<StatsEvent>), sqlx::Error> {
        let v = self;
        let notification = activity::NewNotification {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            ..v.clone()
        };
        activity::insert_notification(tx, &notification).await?;
        Ok((notification.id, None))
    }
}

/// A generated image, decoded and thumbnailed by the caller (off the async runtime).
pub struct ValidImage {
    pub prompt: String,
    pub model: Option<String>,
    pub created_at: i64,
    pub content_type: &'static str,
    pub original: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl ValidImage {
    /// Checks the text fields of an image upload.
    pub fn check_text(
        prompt: &str,
        model: Option<&str>,
        created_at: Option<&str>,
        now: i64,
    ) -> Result<(String, Option<String>, i64), FieldErrors> {
        let mut f = FieldErrors::new();
        let prompt = text(&mut f, "prompt", Some(prompt), 4000, true).unwrap_or_default();
        let model = text(&mut f, "model", model, 100, false);
        let created_at = timestamp(&mut f, "created_at", created_at, now);
        done(f, (prompt, model, created_at))
    }
}

impl Write for ValidImage {
    async fn write(
        &self,
        user_id: &str,
        tx: &mut Tx,
        now: i64,
    ) -> Result<(String, Option<StatsEvent>), sqlx::Error> {
        let image_key = crate::server::auth::token_hash_bytes(&self.original);
        let thumbnail_key = crate::server::auth::token_hash_bytes(&self.thumbnail);
        activity::put_blob(tx, &image_key, self.content_type, &self.original, now).await?;
        activity::put_blob(tx, &thumbnail_key, "image/png", &self.thumbnail, now).await?;
        let image = activity::NewImage {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            prompt: self.prompt.clone(),
            model: self.model.clone(),
            image_key,
            thumbnail_key,
            width: self.width as i32,
            height: self.height as i32,
            created_at: self.created_at,
        };
        activity::insert_image(tx, &image).await?;
        let event = StatsEvent {
            user_id: user_id.to_owned(),
            kind: "image".into(),
            occurred_at: self.created_at,
            ..Default::default()
        };
        Ok((image.id, Some(event)))
    }
}
