//! The kinds of ingested item: how each is parsed, validated and written.

use super::{Item, UserRef, Write};
use crate::{
    api::FieldErrors,
    server::{
        db::{self, activity, stats::StatsEvent, Tx},
        domain::{parse_timestamp, Phone},
    },
};
use serde::Deserialize;

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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CallItem {
    #[serde(flatten)]
    pub user: UserRef,
    /// E.164, e.g. +14155550100.
    pub phone_number: String,
    /// inbound or outbound (default).
    pub direction: Option<String>,
    /// completed, failed or missed.
    pub status: String,
    /// RFC 3339.
    pub started_at: String,
    /// 0 to one week; default 0.
    #[serde(default)]
    pub duration_seconds: i64,
    /// The agent's name; agents are created on first sight.
    pub agent: Option<String>,
    /// 1 to 5.
    pub satisfaction_rating: Option<i32>,
    /// An http(s) URL.
    pub recording_url: Option<String>,
    /// At most 5,000 characters.
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChatItem {
    #[serde(flatten)]
    pub user: UserRef,
    /// At most 300 characters.
    pub title: String,
    pub model: Option<String>,
    /// RFC 3339; default now.
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenUsageItem {
    #[serde(flatten)]
    pub user: UserRef,
    pub model: String,
    /// 0 to 100,000,000.
    pub prompt_tokens: i64,
    /// 0 to 100,000,000.
    pub completion_tokens: i64,
    /// RFC 3339; default now.
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NotificationItem {
    #[serde(flatten)]
    pub user: UserRef,
    /// Lower-case letters, dots and underscores, like billing.payment_failed.
    pub kind: String,
    /// At most 200 characters.
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
