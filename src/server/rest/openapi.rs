//! The OpenAPI 3.1 document of the REST API, served at `GET /api/openapi.json` and rendered at `/api/docs`.
//!
//! It is generated from the code: every handler carries a `#[utoipa::path]` annotation, each REST module
//! gathers its handlers in a `Docs` struct, and the DTOs derive `ToSchema`. `tests/api/openapi.rs` checks the
//! document against the routes the server mounts, so a route added without documentation fails the tests.

use super::{analytics, auth, docs, email, ingest, media, overview, user};
use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};
use std::sync::LazyLock;
use utoipa::{
    openapi::{
        path::Operation,
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, OpenApi as Document, Ref, ResponseBuilder,
    },
    OpenApi,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dashboard REST API",
        description = "The signed-in user's dashboard, account and settings, and the ingestion API for the \
            product's own services.\n\n\
            Every error has one shape, `{\"error\": {\"code\", \"message\", \"fields\"}}` (`ErrorBody`): clients \
            may match on `code`; `fields` names the fields at fault. Paths under `/api/dashboard/` answer with \
            and without their trailing slash; the documented form has it.",
    ),
    tags(
        (name = "auth", description = "Accounts and REST sessions: a short-lived access token (15 minutes by default) and a refresh token that rotates on every use."),
        (name = "dashboard", description = "The overview: the main dashboard, the profile, activity and the chat-and-images summary."),
        (name = "calls", description = "Call history: listing with filters and cursors, one call, CSV export."),
        (name = "analytics", description = "Usage over time: tokens, models and call statistics, in the user's time zone."),
        (name = "subscription", description = "The plan, its changes, and the cards that pay for it."),
        (name = "settings", description = "Account settings and dashboard preferences. PATCH bodies merge: keys not sent keep their value; unknown keys are refused."),
        (name = "notifications", description = "The user's notifications."),
        (name = "account", description = "Password, avatar, data export and account deletion."),
        (name = "security", description = "Two-factor authentication, the signed-in sessions and the security history."),
        (name = "support", description = "Support tickets: what the user asked the support team."),
        (name = "ingest", description = "The way in for the product's own services: calls, chats, token usage, images and notifications. Service API keys only."),
        (name = "media", description = "Stored images, thumbnails and avatars, by content hash."),
        (name = "meta", description = "This document and its rendering."),
    )
)]
struct ApiDoc;

/// The two routes that serve the document, listed after the API itself.
#[derive(OpenApi)]
#[openapi(paths(openapi_json, docs::page))]
struct Meta;

/// The whole document: the root above merged with every module's operations, in router order.
fn document() -> Document {
    let mut document = ApiDoc::openapi();
    let parts = [
        auth::Docs::openapi(),
        email::Docs::openapi(),
        user::docs(),
        overview::Docs::openapi(),
        analytics::Docs::openapi(),
        media::Docs::openapi(),
        ingest::Docs::openapi(),
        Meta::openapi(),
    ];
    for part in parts {
        document.merge(part);
    }
    add_security_schemes(&mut document);
    add_internal_error(&mut document);
    name_operations(&mut document);
    document
}

/// The document as served, built once.
pub static DOCUMENT: LazyLock<Document> = LazyLock::new(document);

fn add_security_schemes(document: &mut Document) {
    let components = document.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "The `access_token` of `POST /api/auth/login` or `/refresh`. Browsers are signed in by \
                     their session cookie instead, which these endpoints accept too.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        "api_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-API-Key",
            "A service API key (`dsk_…`, made with `dashboard api-key create`). \
             `Authorization: Bearer dsk_…` is accepted too.",
        ))),
    );
}

/// Any operation that reads the database can fail on our side (the database went away, a bug); the answer is
/// then a 500 in the common shape with a generic message. Added here once rather than on every handler.
fn add_internal_error(document: &mut Document) {
    let response = ResponseBuilder::new()
        .description("Something went wrong on our side; the details are in the server's log.")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    let reads_data = |o: &&mut Operation| !o.tags.iter().flatten().any(|t| t == "meta");
    for operation in operations(document).filter(reads_data) {
        operation
            .responses
            .responses
            .entry("500".to_owned())
            .or_insert_with(|| response.clone().into());
    }
}

/// utoipa names an operation after its handler, and handlers in different modules share names (`list`, `get`):
/// prefixing the tag makes the ids unique (`calls_list`, `notifications_list`), as OpenAPI requires.
fn name_operations(document: &mut Document) {
    for operation in operations(document) {
        let tag = operation.tags.iter().flatten().next().cloned();
        if let (Some(tag), Some(id)) = (tag, operation.operation_id.as_mut()) {
            *id = format!("{tag}_{id}");
        }
    }
}

fn operations(document: &mut Document) -> impl Iterator<Item = &mut Operation> {
    document.paths.paths.values_mut().flat_map(|item| {
        let methods = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        methods.into_iter().flatten()
    })
}

#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    summary = "This OpenAPI document",
    responses((status = 200, description = "The OpenAPI 3.1 document.", content_type = "application/json"))
)]
pub async fn openapi_json() -> Response {
    static JSON: LazyLock<String> = LazyLock::new(|| DOCUMENT.to_pretty_json().unwrap_or_default());
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        JSON.as_str(),
    )
        .into_response()
}
