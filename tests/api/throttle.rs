//! Throttling: wrong passwords, registrations, 2FA codes and current-password checks are limited per IP and
//! per account with 429 + Retry-After; the limit recovers when its window ends, a flood from one address does
//! not lock the owner out from another, and nodes sharing a database count together.

use crate::{
    helpers::{error_of, spawn_node_with, spawn_with, TestApp, PASSWORD},
    two_factor::{code, enable},
};
use dashboard::server::config::{Limit, Settings};
use reqwest::{header, Response};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const MINUTE: u64 = 60;

/// A client whose connections come from 127.0.0.2: "another address" for the server (all of 127/8 is local).
fn client_from_elsewhere() -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

async fn login_from(client: &reqwest::Client, app: &TestApp, password: &str) -> Response {
    client
        .post(app.url("/api/auth/login"))
        .json(&json!({"email": "ada@example.com", "password": password}))
        .send()
        .await
        .expect("request")
}

/// Checks the 429 shape and returns Retry-After in seconds.
async fn rate_limited(response: Response, window_secs: u64) -> u64 {
    let retry_after: u64 = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=window_secs).contains(&retry_after), "{retry_after}");
    let error = error_of(response, 429).await;
    assert_eq!(error["code"], "rate_limited");
    retry_after
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_limited_per_account_and_address_then_recover() {
    let window = 2;
    let app = spawn_with(|s: &mut Settings| {
        s.throttle.sign_in_account_ip = Limit::new(3, window);
    })
    .await;
    app.register("ada@example.com").await;
    // The window may roll over mid-way; keep guessing until refused.
    let mut refused = None;
    for _ in 0..12 {
        let response = app.login("ada@example.com", "wrong password").await;
        if response.status() == 429 {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 401);
    }
    let response = refused.expect("refused after three wrong passwords");
    let retry_after = rate_limited(response, window).await;
    // Even the right password is refused until the window ends …
    let blocked = app.login("ada@example.com", PASSWORD).await;
    if blocked.status() != 200 {
        assert_eq!(blocked.status(), 429);
    }
    // … and accepted once it has.
    tokio::time::sleep(Duration::from_secs(retry_after) + Duration::from_millis(100)).await;
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_address_does_not_lock_the_owner_out_elsewhere() {
    let app = spawn_with(|s: &mut Settings| {
        s.throttle.sign_in_account_ip = Limit::new(3, 10 * MINUTE);
        s.throttle.sign_in_account = Limit::new(5, 10 * MINUTE);
        s.throttle.slow_down = Duration::from_millis(500);
    })
    .await;
    app.register("ada@example.com").await;
    for _ in 0..3 {
        assert_eq!(
            app.login("ada@example.com", "wrong password")
                .await
                .status(),
            401
        );
    }
    rate_limited(app.login("ada@example.com", PASSWORD).await, 10 * MINUTE).await;

    let owner = client_from_elsewhere();
    let response = login_from(&owner, &app, PASSWORD).await;
    assert_eq!(
        response.status(),
        200,
        "the owner signs in from another address"
    );
    // Two more wrong guesses from the owner's side fill the account-wide limit: it slows, never refuses.
    for _ in 0..2 {
        assert_eq!(
            login_from(&owner, &app, "wrong password").await.status(),
            401
        );
    }
    let started = Instant::now();
    assert_eq!(login_from(&owner, &app, PASSWORD).await.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "slowed down"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_trying_many_accounts_is_limited() {
    let app = spawn_with(|s: &mut Settings| {
        s.throttle.sign_in_ip = Limit::new(4, 10 * MINUTE);
    })
    .await;
    app.register("ada@example.com").await;
    for i in 0..4 {
        let response = app
            .login(&format!("user{i}@example.com"), "some password")
            .await;
        assert_eq!(response.status(), 401);
    }
    rate_limited(
        app.login("user9@example.com", "some password").await,
        10 * MINUTE,
    )
    .await;
    let other = client_from_elsewhere();
    assert_eq!(login_from(&other, &app, PASSWORD).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_are_limited_per_address() {
    let app = spawn_with(|s: &mut Settings| {
        s.throttle.register_ip = Limit::new(2, 10 * MINUTE);
    })
    .await;
    assert_eq!(app.register("a@example.com").await.status(), 201);
    // A refused registration counts too: each one costs a password hash.
    assert_eq!(app.register("a@example.com").await.status(), 409);
    rate_limited(app.register("b@example.com").await, 10 * MINUTE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_two_factor_codes_and_current_passwords_are_limited() {
    let app = spawn_with(|s: &mut Settings| {
        s.throttle.two_factor_account = Limit::new(2, 10 * MINUTE);
        s.throttle.password_check_account = Limit::new(2, 10 * MINUTE);
    })
    .await;
    let user = app.sign_in_as("ada@example.com").await;
    let (secret, _) = enable(&user).await;
    let response = app.login("ada@example.com", PASSWORD).await;
    let body: Value = response.json().await.expect("json");
    let challenge = body["challenge_token"].as_str().expect("challenge");
    let app = &app;
    let attempt = |code: String| {
        let body = json!({"challenge_token": challenge, "code": code});
        async move { app.post_json("/api/auth/login/2fa", &body).await }
    };
    for _ in 0..2 {
        assert_eq!(attempt("000000".into()).await.status(), 401);
    }
    rate_limited(attempt(code(&secret, 1)).await, 10 * MINUTE).await;

    let change = |current: &str| {
        let body = json!({"current_password": current, "new_password": "a fresh passphrase", "confirm_password": "a fresh passphrase"});
        let user = &user;
        async move {
            user.post("/api/dashboard/user/change-password/", &body)
                .await
        }
    };
    for _ in 0..2 {
        assert_eq!(change("wrong password").await.status(), 400);
    }
    rate_limited(change(PASSWORD).await, 10 * MINUTE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_database_count_together() {
    let limits = |s: &mut Settings| s.throttle.sign_in_account_ip = Limit::new(4, 10 * MINUTE);
    let first = spawn_with(limits).await;
    let second = spawn_node_with(&first.database_url, limits).await;
    first.register("ada@example.com").await;
    for node in [&first, &second, &first, &second] {
        assert_eq!(
            node.login("ada@example.com", "wrong password")
                .await
                .status(),
            401
        );
    }
    // Four failures in all, two on each node: each node alone would still allow two more.
    rate_limited(first.login("ada@example.com", PASSWORD).await, 10 * MINUTE).await;
    rate_limited(second.login("ada@example.com", PASSWORD).await, 10 * MINUTE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_requests_are_limited_per_address_known_or_not_and_per_ip() {
    let app = spawn_with(|s: &mut Settings| {
        s.throttle.mail_address = Limit::new(2, 10 * MINUTE);
        s.throttle.mail_ip = Limit::new(7, 10 * MINUTE);
    })
    .await;
    app.register("ada@example.com").await;
    let request = |path: &'static str, email: &'static str| {
        let app = &app;
        async move { app.post_json(path, &json!({ "email": email })).await }
    };
    const RESET: &str = "/api/auth/password-reset/request";
    const RESEND: &str = "/api/auth/verify-email/resend";

    // An address with an account and one without are limited alike, so a 429 tells nothing either.
    for email in ["ada@example.com", "nobody@example.com"] {
        for _ in 0..2 {
            assert_eq!(request(RESET, email).await.status(), 202, "{email}");
        }
        rate_limited(request(RESET, email).await, 10 * MINUTE).await;
    }
    // Each kind of link counts on its own; the IP's limit (7) covers them all and is now reached.
    assert_eq!(request(RESEND, "ada@example.com").await.status(), 202);
    rate_limited(request(RESEND, "bo@example.com").await, 10 * MINUTE).await;

    // Another IP may still ask for a link to a fresh address; the refused address stays refused everywhere.
    let elsewhere = client_from_elsewhere();
    let ask = |email: &str| {
        elsewhere
            .post(app.url(RESET))
            .json(&json!({ "email": email }))
            .send()
    };
    assert_eq!(ask("cy@example.com").await.expect("request").status(), 202);
    rate_limited(ask("ada@example.com").await.expect("request"), 10 * MINUTE).await;
}
