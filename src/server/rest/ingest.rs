//! `/api/ingest/*`: the way in for the product's own services (service API keys only).

use super::json::Json;
use crate::{
    api::{error::ErrorBody, ApiError, ErrorCode},
    server::{
        auth::service_key::ServiceKey,
        db,
        http::body_limit::MAX_BODY,
        services::{
            images,
            ingest::{
                self, CallItem, ChatItem, Idempotency, IngestResponse, Item, ItemResult,
                NotificationItem, Outcome, TokenUsageItem, UserRef, ValidImage,
            },
        },
        AppError, AppState,
    },
};
use axum::{
    extract::{multipart::MultipartRejection, DefaultBodyLimit, Multipart, State},
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
            // A batch of images may fill the server-wide bound; each image is held to 5 MB on its own.
            post(image).layer(DefaultBodyLimit::max(MAX_BODY)),
        )
}

/// This module's operations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(calls, chats, token_usage, notifications, image),
    // Named here because they are only reached through `IngestResponses`, which utoipa does not walk.
    components(schemas(IngestResponse, ItemResult, IngestRefusal))
)]
pub struct Docs;

// The types below exist for the OpenAPI document only: the handlers read raw JSON (so that one bad item is
// reported without refusing its neighbours) and build their responses by hand.

/// A JSON ingest body: one item (an object), or a batch (an array) of up to 1,000.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrBatch<T> {
    One(T),
    Batch(Vec<T>),
}

/// A 400 is either a batch of which no item was accepted (`error` is then set, and `results` says why each
/// item was rejected), or a body that could not be read at all.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum IngestRefusal {
    NoneAccepted(IngestResponse),
    Unreadable(ErrorBody),
}

/// What every ingest endpoint answers. A repeated `Idempotency-Key` replays the stored answer, status and
/// all, with `Idempotent-Replayed: true`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
enum IngestResponses {
    #[response(status = 201, description = "Every item was stored.", headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.")))]
    Created(IngestResponse),
    #[response(
        status = 207,
        description = "Some items were stored; `results` reports on each."
    )]
    Partial(IngestResponse),
    #[response(
        status = 400,
        description = "No item was accepted; or the body is not one item or an array of them; or the Idempotency-Key header is not valid."
    )]
    Refused(IngestRefusal),
    #[response(
        status = 401,
        description = "No service API key, or one that is not valid."
    )]
    Unauthorized(ErrorBody),
    #[response(
        status = 403,
        description = "A user's token instead of a service API key."
    )]
    Forbidden(ErrorBody),
    #[response(
        status = 409,
        description = "The Idempotency-Key was used for another endpoint, or its first request is still being processed."
    )]
    Conflict(ErrorBody),
    #[response(
        status = 413,
        description = "More than 1,000 items, or a body over 4 MB (for images: an image over 5 MB)."
    )]
    TooLarge(ErrorBody),
    #[response(
        status = 415,
        description = "The body is not application/json (for images: not multipart/form-data, or the image is not PNG or JPEG)."
    )]
    UnsupportedMediaType(ErrorBody),
}

/// The optional `Idempotency-Key` header.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
struct IdempotencyHeader {
    /// 1 to 200 visible characters. A retried delivery with the same key counts once.
    #[param(rename = "Idempotency-Key")]
    idempotency_key: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/ingest/calls",
    tag = "ingest",
    summary = "Report calls",
    description = "Agents are created on first sight, by name.",
    security(("api_key" = [])),
    params(IdempotencyHeader),
    request_body = OneOrBatch<CallItem>,
    responses(IngestResponses)
)]
async fn calls(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<CallItem>(state, key, headers, body, "calls").await
}

#[utoipa::path(
    post,
    path = "/api/ingest/chats",
    tag = "ingest",
    summary = "Report chats",
    security(("api_key" = [])),
    params(IdempotencyHeader),
    request_body = OneOrBatch<ChatItem>,
    responses(IngestResponses)
)]
async fn chats(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<ChatItem>(state, key, headers, body, "chats").await
}

#[utoipa::path(
    post,
    path = "/api/ingest/token-usage",
    tag = "ingest",
    summary = "Report token usage",
    security(("api_key" = [])),
    params(IdempotencyHeader),
    request_body = OneOrBatch<TokenUsageItem>,
    responses(IngestResponses)
)]
async fn token_usage(
    state: State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    body: Json<Value>,
) -> Result<Response, AppError> {
    run::<TokenUsageItem>(state, key, headers, body, "token-usage").await
}

#[utoipa::path(
    post,
    path = "/api/ingest/notifications",
    tag = "ingest",
    summary = "Send notifications to users",
    security(("api_key" = [])),
    params(IdempotencyHeader),
    request_body = OneOrBatch<NotificationItem>,
    responses(IngestResponses)
)]
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
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct ImageMetadata {
    #[serde(flatten)]
    user: UserRef,
    /// At most 4,000 characters.
    prompt: String,
    model: Option<String>,
    /// RFC 3339; default now.
    created_at: Option<String>,
}

/// The multipart body of an image upload (for the OpenAPI document; the handler reads the parts itself).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ImageUpload {
    metadata: ImageMetadata,
    /// PNG or JPEG, at most 5 MB.
    #[schema(value_type = String, format = Binary, content_media_type = "image/png")]
    image: Vec<u8>,
}

/// `POST /api/ingest/images`: multipart with a `metadata` JSON part (user_id or user_email, prompt, model,
/// created_at) and an `image` part (PNG or JPEG, at most 5 MB). A batch sends an array as `metadata` and one
/// `image` part per element, in the same order; every item is then reported on its own, like the JSON
/// endpoints do. The thumbnails are made here, off the runtime.
#[utoipa::path(
    post,
    path = "/api/ingest/images",
    tag = "ingest",
    summary = "Report generated images",
    description = "Multipart: a `metadata` part (JSON) and an `image` part (PNG or JPEG, at most 5 MB). \
        For a batch, `metadata` is an array of up to 100 objects and the `image` parts follow in the same \
        order (the whole body at most 6 MB); an item whose metadata or image is refused is reported in \
        `results` without refusing the others. The thumbnail is made on arrival; both are served from \
        `/media/{key}`.",
    security(("api_key" = [])),
    params(IdempotencyHeader),
    request_body(content = inline(ImageUpload), content_type = "multipart/form-data"),
    responses(IngestResponses)
)]
async fn image(
    State(state): State<AppState>,
    key: ServiceKey,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    // Without this, axum would refuse a body that is not multipart with a plain-text 400.
    let form = form.map_err(|_| {
        AppError::new(
            ErrorCode::UnsupportedMediaType,
            "Send multipart/form-data with a `metadata` part and an `image` part.",
        )
    })?;
    let (metadata, images) = read_image_parts(form).await?;
    let now = db::now_ms();
    let parsed = match metadata {
        // One image: a refusal is the answer to the whole request (e.g. a 415 for a file that is no image).
        Value::Object(_) => {
            let [bytes] = <[Vec<u8>; 1]>::try_from(images).map_err(|images| {
                bad_upload(format!(
                    "One metadata object needs one image part, not {}.",
                    images.len()
                ))
            })?;
            let item = parse_image_metadata(metadata, now);
            vec![match item {
                Err(e) => Err(e),
                Ok((user, text)) => Ok((user, prepare_image(text, bytes).await?)),
            }]
        }
        Value::Array(items) => {
            if items.is_empty() || items.len() > MAX_IMAGE_BATCH {
                return Err(bad_upload(format!(
                    "A batch holds 1 to {MAX_IMAGE_BATCH} images."
                )));
            }
            if items.len() != images.len() {
                return Err(bad_upload(format!(
                    "{} metadata items but {} image parts: send one image per item, in order.",
                    items.len(),
                    images.len()
                )));
            }
            let mut parsed = Vec::with_capacity(items.len());
            for (item, bytes) in items.into_iter().zip(images) {
                parsed.push(match parse_image_metadata(item, now) {
                    Err(e) => Err(e),
                    Ok((user, text)) => match prepare_image(text, bytes).await {
                        Ok(image) => Ok((user, image)),
                        // Our own failure, not the item's: the request fails as a whole.
                        Err(e @ (AppError::Internal(_) | AppError::Database(_))) => return Err(e),
                        Err(e) => Err(ApiError::from(e)),
                    },
                });
            }
            parsed
        }
        _ => {
            return Err(bad_upload(
                "The metadata part is an object or an array of them.".into(),
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
        ingest::store(&state, parsed, idempotency, now).await?,
    ))
}

/// The most images one request may carry (the body as a whole is bounded by `http::body_limit`).
const MAX_IMAGE_BATCH: usize = 100;

fn bad_upload(message: String) -> AppError {
    AppError::new(ErrorCode::BadRequest, message)
}

/// The `metadata` part, as JSON, and the `image` parts in the order they came.
async fn read_image_parts(mut form: Multipart) -> Result<(Value, Vec<Vec<u8>>), AppError> {
    let unreadable = || bad_upload("The multipart body could not be read.".into());
    let mut metadata: Option<Value> = None;
    let mut images = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("metadata") => {
                let text = field
                    .text()
                    .await
                    .map_err(|_| bad_upload("The metadata part could not be read.".into()))?;
                metadata = Some(
                    serde_json::from_str(&text)
                        .map_err(|e| bad_upload(format!("metadata: {e}")))?,
                );
            }
            Some("image") => {
                let data = field.bytes().await.map_err(|_| {
                    AppError::new(ErrorCode::PayloadTooLarge, "Images may be at most 5 MB.")
                })?;
                images.push(data.to_vec());
            }
            _ => {}
        }
    }
    let metadata = metadata.ok_or_else(|| bad_upload("The metadata part is missing.".into()))?;
    if images.is_empty() {
        return Err(bad_upload("The image part is missing.".into()));
    }
    Ok((metadata, images))
}

/// An image's checked prompt, model and creation time.
type ImageText = (String, Option<String>, i64);

/// One item's metadata, parsed and checked: the user it is for, and its text.
fn parse_image_metadata(raw: Value, now: i64) -> Result<(UserRef, ImageText), ApiError> {
    let metadata: ImageMetadata = serde_json::from_value(raw)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("metadata: {e}")))?;
    let text = check(&metadata, now)?;
    Ok((metadata.user, text))
}

/// Decodes the image by its content and makes its thumbnail, on a blocking thread.
async fn prepare_image(
    (prompt, model, created_at): ImageText,
    bytes: Vec<u8>,
) -> Result<ValidImage, AppError> {
    let (content_type, width, height, thumbnail, original) =
        tokio::task::spawn_blocking(move || {
            let decoded = images::decode(&bytes)?;
            let thumbnail = images::thumbnail_png(&decoded.image)?;
            let (w, h) = (decoded.image.width(), decoded.image.height());
            Ok::<_, AppError>((images::content_type(decoded.format), w, h, thumbnail, bytes))
        })
        .await
        .map_err(|e| AppError::internal(format!("image task: {e}")))??;
    Ok(ValidImage {
        prompt,
        model,
        created_at,
        content_type,
        original,
        thumbnail,
        width,
        height,
    })
}

fn check(metadata: &ImageMetadata, now: i64) -> Result<ImageText, ApiError> {
    ingest::check_user(&metadata.user)?;
    ValidImage::check_text(
        &metadata.prompt,
        metadata.model.as_deref(),
        metadata.created_at.as_deref(),
        now,
    )
    .map_err(ApiError::validation)
}
