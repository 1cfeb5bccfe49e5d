//! The OpenAPI document at `/api/openapi.json` tells the truth: every operation it documents is routed, every
//! REST route the server mounts is documented, errors have the common shape, and `/api/docs` renders it all.

use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every REST route the server mounts (`src/server/rest`: the routers of `auth`, `ingest`, `user/*`,
/// `overview`, `analytics`, `media`, and the two that serve the document), written from the router code.
/// Paths registered with and without a trailing slash (`user::route`, `route_at`) appear in the form the
/// document uses. A new route must be added here and documented, or `every_mounted_route_is_documented` fails.
const MOUNTED: &[(&str, &str)] = &[
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/login/2fa"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/auth/me"),
    ("POST", "/api/auth/verify-email"),
    ("POST", "/api/auth/verify-email/resend"),
    ("POST", "/api/auth/password-reset/request"),
    ("POST", "/api/auth/password-reset/confirm"),
    ("POST", "/api/ingest/calls"),
    ("POST", "/api/ingest/chats"),
    ("POST", "/api/ingest/token-usage"),
    ("POST", "/api/ingest/notifications"),
    ("POST", "/api/ingest/images"),
    ("GET", "/api/dashboard/user/"),
    ("GET", "/api/dashboard/user/profile/"),
    ("PATCH", "/api/dashboard/user/profile/"),
    ("GET", "/api/dashboard/user/calls/"),
    ("GET", "/api/dashboard/user/calls/export.csv"),
    ("GET", "/api/dashboard/user/calls/{id}/"),
    ("GET", "/api/dashboard/user/settings/"),
    ("PATCH", "/api/dashboard/user/settings/"),
    ("GET", "/api/dashboard/user/preferences/"),
    ("PATCH", "/api/dashboard/user/preferences/"),
    ("GET", "/api/dashboard/user/notifications/"),
    ("PATCH", "/api/dashboard/user/notifications/"),
    ("POST", "/api/dashboard/user/change-password/"),
    ("POST", "/api/dashboard/user/delete-account/"),
    ("GET", "/api/dashboard/user/2fa/"),
    ("POST", "/api/dashboard/user/2fa/setup/"),
    ("POST", "/api/dashboard/user/2fa/confirm/"),
    ("POST", "/api/dashboard/user/2fa/disable/"),
    ("POST", "/api/dashboard/user/2fa/recovery-codes/"),
    ("GET", "/api/dashboard/user/sessions/"),
    ("DELETE", "/api/dashboard/user/sessions/{id}/"),
    ("POST", "/api/dashboard/user/sessions/end-others/"),
    ("GET", "/api/dashboard/user/security-events/"),
    ("GET", "/api/dashboard/user/subscription/"),
    ("POST", "/api/dashboard/user/subscription/change-plan/"),
    ("POST", "/api/dashboard/user/subscription/cancel/"),
    ("POST", "/api/dashboard/user/subscription/resume/"),
    ("GET", "/api/dashboard/user/payment-methods/"),
    ("POST", "/api/dashboard/user/payment-methods/"),
    ("DELETE", "/api/dashboard/user/payment-methods/{id}/"),
    ("POST", "/api/dashboard/user/payment-methods/{id}/default/"),
    ("POST", "/api/dashboard/user/avatar/"),
    ("DELETE", "/api/dashboard/user/avatar/"),
    ("GET", "/api/dashboard/user/export-data/"),
    ("GET", "/api/dashboard/user/support/tickets/"),
    ("POST", "/api/dashboard/user/support/tickets/"),
    ("GET", "/api/dashboard/overview/"),
    ("GET", "/api/dashboard/recent-activity/"),
    ("GET", "/api/dashboard/usage/tokens/"),
    ("GET", "/api/dashboard/usage/tokens.csv"),
    ("GET", "/api/dashboard/usage/models/"),
    ("GET", "/api/dashboard/activity/"),
    ("GET", "/api/dashboard/user/calls/stats/"),
    ("GET", "/media/{key}"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/docs"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn document(app: &TestApp) -> Value {
    let response = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    response.json().await.expect("the document is JSON")
}

/// (METHOD, path, operation) for every operation of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                all.push((method.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    all
}

/// Every `$ref` anywhere in `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_is_openapi_3_1_with_the_bearer_and_api_key_schemes() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    assert!(doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["bearer"]["bearerFormat"], "JWT");
    assert_eq!(schemes["api_key"]["type"], "apiKey");
    assert_eq!(schemes["api_key"]["in"], "header");
    assert_eq!(schemes["api_key"]["name"], "X-API-Key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_schema_reference_resolves_and_operation_ids_are_unique() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for reference in found {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{reference} is not a local schema"));
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{reference} names no schema"
        );
    }
    let ids: Vec<String> = operations(&doc)
        .iter()
        .map(|(_, _, o)| o["operationId"].as_str().expect("operationId").to_owned())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate operation ids: {ids:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_names_its_security_and_its_errors_have_the_common_shape() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (method, path, operation) in operations(&doc) {
        let scheme = operation["security"][0]
            .as_object()
            .and_then(|s| s.keys().next().cloned());
        let expected = if path.starts_with("/api/ingest/") {
            Some("api_key")
        } else if path.starts_with("/api/dashboard/")
            || path == "/api/auth/logout"
            || path == "/api/auth/me"
        {
            Some("bearer")
        } else {
            None
        };
        assert_eq!(scheme.as_deref(), expected, "{method} {path}: security");
        let responses = operation["responses"].as_object().expect("responses");
        if expected.is_some() {
            assert!(responses.contains_key("401"), "{method} {path}: no 401");
        }
        for (status, response) in responses {
            if status.parse::<u16>().is_ok_and(|s| s < 400) {
                continue;
            }
            let schema = response["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .unwrap_or_default();
            assert!(
                schema.ends_with("/ErrorBody") || schema.ends_with("/IngestRefusal"),
                "{method} {path} {status}: not in the common error shape"
            );
        }
    }
}

/// What `path` is with each `{param}` replaced by a fresh uuid.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').expect("closing brace") + start;
        out.push_str(&rest[..start]);
        out.push_str(&uuid::Uuid::new_v4().to_string());
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Fails unless `method path` reaches a handler: axum answers a wrong method with an empty 405, and an unknown
/// path with our JSON 404 "There is no such API endpoint." (or, outside `/api`, the UI's HTML 404). A 401,
/// 400 or a 404 for a missing resource all show that the route exists.
async fn assert_routed(app: &TestApp, method: &str, path: &str) {
    let response = app
        .client
        .request(
            Method::from_bytes(method.as_bytes()).expect("method"),
            app.url(path),
        )
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    assert_ne!(status, 405, "{method} {path}: method not allowed");
    if status == 404 {
        let body: Value = response.json().await.unwrap_or_else(|_| {
            panic!("{method} {path}: a 404 that is not our JSON error, so no such route")
        });
        assert_eq!(body["error"]["code"], "not_found", "{method} {path}");
        assert_ne!(
            body["error"]["message"], "There is no such API endpoint.",
            "{method} {path}: no such route"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_is_routed() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let operations = operations(&doc);
    assert!(operations.len() >= MOUNTED.len());
    for (method, path, _) in &operations {
        let url = concrete(path);
        assert_routed(&app, method, &url).await;
        // The documented slash form is not the only one: clients that drop it reach the same handler.
        if path.starts_with("/api/dashboard/") && url.ends_with('/') {
            assert_routed(&app, method, url.trim_end_matches('/')).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_route_is_told_apart_from_a_missing_resource() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url(&concrete("/api/dashboard/user/no-such-thing/{id}/")))
        .send()
        .await
        .expect("request");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["message"], "There is no such API endpoint.");
    let response = app
        .client
        .put(app.url("/api/auth/login"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mounted_route_is_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    let mounted: BTreeSet<(String, String)> = MOUNTED
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect();
    let undocumented: Vec<_> = mounted.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "mounted but not documented: {undocumented:?}"
    );
    let unlisted: Vec<_> = documented.difference(&mounted).collect();
    assert!(
        unlisted.is_empty(),
        "documented but missing from MOUNTED (add it there): {unlisted:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_page_shows_every_path_without_a_token() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let response = app
        .client
        .get(app.url("/api/docs"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().expect("ascii");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = response.text().await.expect("body");
    for (method, path, operation) in operations(&doc) {
        assert!(
            html.contains(&format!("<code>{path}</code>")),
            "{path} is not on the page"
        );
        let id = operation["operationId"].as_str().expect("id");
        assert!(
            html.contains(&format!("id=\"{id}\" data-method=\"{method}\"")),
            "{method} {path} has no section"
        );
    }
    for name in doc["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
    {
        assert!(
            html.contains(&format!("id=\"schema-{name}\"")),
            "schema {name} is not on the page"
        );
    }
    // Ready for a Content-Security-Policy without 'unsafe-inline': the one script is a static file.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script src=\"/api-docs.js\" defer></script>"));
    assert!(!html.contains(" style=") && !html.contains("<style") && !html.contains(" onclick="));
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/public/api-docs.js");
    assert!(
        std::path::Path::new(script).exists(),
        "public/api-docs.js is missing"
    );
}
