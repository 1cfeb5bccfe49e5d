//! `/api/ingest/*`: the way in for the product's own services (service API keys only).

use super::json::Json;
use crate::{
    api::{ApiError, ErrorCode},
    server::{
        auth::service_key::ServiceKey,
        db,
        services::{
            images,
            ingest::{
                self, CallItem, ChatItem, Idempotency, Item, NotificationItem, Outcome,
                TokenUsageItem, UserRef, ValidImage,
            },
        },
        AppError, AppState,
    },
};
use axum::{
    extract::{DefaultBodyLimit, Multipart, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Router,
};
use serde::Deserialize;
use serde_json::Value;

/// A batch of 1,000 items with long summaries fits; anything larger is refused before it is read.
const BATCH_BODY_LIMIT: usize = 4 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calls", post(calls))
        .route("/chats", post(chats))
        .route("/token-usage", post(token_usage))
        .route("/notifications", post(notifications))
        .layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT))
        .route(
            "/images",
            post(image).layer(DefaultBodyLimit::max(images::MAX_IMAGE_BYTES + 64 * 1024)),
        )
}

async fn calls(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<CallItem>(state, key, headers, body, "calls").await
}

async fn chats(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<ChatItem>(state, key, headers, body, "chats").await
}

async fn token_usage(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<TokenUsageItem>(state, key, headers, body, "token-usage").await
}

async fn notifications(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<NotificationItem>(state, key, headers, body, "notifications").await
}

async fn run<T: Item>(
    State(state): State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    Json(body): Json<Value>,
    endpoint: &str,
) -> Result<Response, AppError> {
    let idempotency_key = idempotency_key(&headers)?;
    let idempotency = idempotency_key.as_deref().map(|k| Idempotency {
        api_key_id: &key.id,
        key: k,
        endpoint,
    });
    let outcome = ingest::ingest::<T>(&state, ingest::items_of(body)?, idempotency).await?;
    Ok(respond(outcome))
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(v) => match v.to_str().map(str::trim) {
            Ok(k) if !k.is_empty() && k.len() <= 200 => Ok(Some(k.to_owned())),
            _ => Err(AppError::new(
                ErrorCode::BadRequest,
                "Idempotency-Key must be 1 to 200 visible characters.",
            )),
        },
    }
}

fn respond(outcome: Outcome) -> Response {
    let (status, body, replayed) = match outcome {
        Outcome::Fresh(response) => (
            response.status(),
            serde_json::to_string(&response).unwrap_or_default(),
            false,
        ),
        Outcome::Replayed { status, body } => (status, body, true),
    };
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        [(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// The JSON part of an image upload.
#[derive(Debug, Deserialize)]
struct ImageMetadata {
    #[serde(flatten)]
    user: UserRef,
    prompt: String,
    model: Option<String>,
    created_at: Option<String>,
}

/// `POST /api/ingest/images`: multipart with a `metadata` JSON part (user_id or user_email, prompt, model,
/// created_at) and an `image` part (PNG or JPEG, at most 5 MB). The thumbnail is made here, off the runtime.
async fn image(
    State(state): State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let bad = |m: &str| AppError::new(ErrorCode::BadRequest, m.to_owned());
    let mut metadata: Option<ImageMetadata> = None;
    let mut bytes: Option<Vec<u8>> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| bad("The multipart body could not be read."))?
    {
        match field.name() {
            Some("metadata") => {
                let text = field
                    .text()
                    .await
                    .map_err(|_| bad("The metadata part could not be read."))?;
                let parsed = serde_json::from_str(&text)
                    .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("metadata: {e}")))?;
                metadata = Some(parsed);
            }
            Some("image") => {
                let data = field.bytes().await.map_err(|_| {
                    AppError::new(ErrorCode::PayloadTooLarge, "Images may be at most 5 MB.")
                })?;
                bytes = Some(data.to_vec());
            }
            _ => {}
        }
    }
    let metadata = metadata.ok_or_else(|| bad("The metadata part is missing."))?;
    let bytes = bytes.ok_or_else(|| bad("The image part is missing."))?;
    let now = db::now_ms();
    let parsed = match check(&metadata, now) {
        Err(e) => Err(e),
        Ok((prompt, model, created_at)) => {
            let (content_type, width, height, thumbnail, original) =
                tokio::task::spawn_blocking(move || {
                    let decoded = images::decode(&bytes)?;
                    let thumbnail = images::thumbnail_png(&decoded.image)?;
                    let (w, h) = (decoded.image.width(), decoded.image.height());
                    Ok::<_, AppError>((
                        images::content_type(decoded.format),
                        w,
                        h,
                        thumbnail,
                        bytes,
                    ))
                })
                .await
                .map_err(|e| AppError::internal(format!("image task: {e}")))??;
            Ok((
                metadata.user,
                ValidImage {
                    prompt,
                    model,
                    created_at,
                    content_type,
                    original,
                    thumbnail,
                    width,
                    height,
                },
            ))
        }
    };
    let idempotency_key = idempotency_key(&headers)?;
    let idempotency = idempotency_key.as_deref().map(|k| Idempotency {
        api_key_id: &key.id,
        key: k,
        endpoint: "images",
    });
    Ok(respond(
        ingest::store(&state, vec![parsed], idempotency, now).await?,
    ))
}

fn check(metadata: &ImageMetadata, now: i64) -> Result<(String, Option<String>, i64), ApiError> {
    ingest::check_user(&metadata.user)?;
    ValidImage::check_text(
        &metadata.prompt,
        metadata.model.as_deref(),
        metadata.created_at.as_deref(),
        now,
    )
    .map_err(ApiError::validation)
}
