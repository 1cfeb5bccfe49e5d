//! Hostile input gets a 4xx in the common error shape, never a 500 or a plain-text rejection.

use crate::helpers::{error_of, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("request");
    let error = error_of(response, 400).await;
    assert_eq!(error["code"], "bad_request");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_types_are_400() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/auth/login",
            &serde_json::json!({"email": 42, "password": []}),
        )
        .await;
    assert_eq!(error_of(response, 400).await["code"], "bad_request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_content_type_is_415() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/auth/login"))
        .body("{}")
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_of(response, 415).await["code"],
        "unsupported_media_type"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_body_is_413() {
    let app = spawn_app().await;
    let huge = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(200 * 1024)
    );
    let response = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("request");
    assert_eq!(error_of(response, 413).await["code"], "payload_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_api_path_is_a_json_404() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .expect("request");
    assert_eq!(error_of(response, 404).await["code"], "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_carry_a_request_id() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .expect("request");
    assert!(response
        .headers()
        .get("x-request-id")
        .is_some_and(|v| !v.is_empty()));
}
