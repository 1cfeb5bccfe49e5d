//! Email verification, change of address and password reset, end to end: the links are read from the outbox
//! the server writes (the dev outbox: no SMTP_URL in tests) and followed like a user would.

use crate::helpers::{error_of, spawn_app, TestApp, PASSWORD};
use dashboard::server::{
    db::{self, outbox::OutboxRow, Db},
    services::email,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const NEW_PASSWORD: &str = "a brand new passphrase 2026";

/// The messages to `to`, newest first.
async fn mail_to(app: &TestApp, to: &str) -> Vec<OutboxRow> {
    db::outbox::recent(&app.db, Some(to), 50)
        .await
        .expect("outbox")
}

/// The newest message to `to` with `subject`.
async fn last_mail(app: &TestApp, to: &str, subject: &str) -> OutboxRow {
    mail_to(app, to)
        .await
        .into_iter()
        .find(|m| m.subject == subject)
        .unwrap_or_else(|| panic!("no mail \"{subject}\" to {to}"))
}

/// The token of the one link in `mail` to `page`, after checking the link points at this server's page.
fn token_in(mail: &OutboxRow, page: &str) -> String {
    let prefix = format!("http://127.0.0.1{page}?token=");
    let link = mail
        .body
        .split_whitespace()
        .find(|w| w.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {page} link in {}", mail.body));
    link[prefix.len()..].to_owned()
}

async fn profile(app: &TestApp, token: &str) -> Value {
    let response = app
        .get_with_token("/api/dashboard/user/profile/", token)
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

async fn access_token(app: &TestApp, email: &str, password: &str) -> String {
    let response = app.login(email, password).await;
    assert_eq!(response.status(), 200, "sign in as {email}");
    let tokens: Value = response.json().await.expect("json");
    tokens["access_token"].as_str().expect("token").to_owned()
}

/// The kinds of the user's security events, newest first.
async fn event_kinds(app: &TestApp, token: &str) -> Vec<String> {
    let response = app
        .get_with_token("/api/dashboard/user/security-events/", token)
        .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.expect("json");
    page["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind").to_owned())
        .collect()
}

/// Moves every token's expiry into the past, as time would.
async fn expire_tokens(db: &Db) {
    let sql = "UPDATE email_tokens SET expires_at = 1";
    match db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .expect("expire tokens");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_mails_a_verification_link_that_works_once() {
    let app = spawn_app().await;
    let token = app.signed_in("ada@example.com").await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    assert_eq!(profile(&app, &token).await["email_verified"], false);

    let mail = last_mail(&app, "ada@example.com", "Confirm your email address").await;
    assert!(mail.body.contains("Hello Ada"), "{}", mail.body);
    let link_token = token_in(&mail, "/verify-email");
    let response = app
        .post_json("/api/auth/verify-email", &json!({ "token": link_token }))
        .await;
    assert_eq!(response.status(), 200);
    let verified: Value = response.json().await.expect("json");
    assert_eq!(verified["email"], "ada@example.com");
    assert_eq!(verified["changed"], false);
    assert_eq!(profile(&app, &token).await["email_verified"], true);

    let again = app
        .post_json("/api/auth/verify-email", &json!({ "token": link_token }))
        .await;
    assert_eq!(error_of(again, 410).await["code"], "token_used");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_keeps_mail_in_the_dev_outbox_without_smtp() {
    let app = spawn_app().await;
    assert_eq!(app.register("lin@example.com").await.status(), 201);
    // The mail is in the outbox as soon as the registration answers; the worker then marks it kept.
    let started = Instant::now();
    loop {
        let mail = last_mail(&app, "lin@example.com", "Confirm your email address").await;
        if mail.state == "dev" {
            assert!(mail.sent_at.is_some());
            assert_eq!(mail.attempts, 1);
            break;
        }
        assert_eq!(mail.state, "pending");
        assert!(started.elapsed() < Duration::from_secs(10), "never handled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_command_lists_messages_with_their_links() {
    let app = spawn_app().await;
    assert_eq!(app.register("kay@example.com").await.status(), 201);
    assert_eq!(app.register("other@example.com").await.status(), 201);
    let out = dashboard::server::cli::outbox(&app.db, Some(" Kay@Example.com "), 10, true)
        .await
        .expect("outbox");
    let entries: Vec<Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["to"], "kay@example.com");
    assert_eq!(entries[0]["subject"], "Confirm your email address");
    let link = entries[0]["links"][0].as_str().expect("link");
    assert!(
        link.starts_with("http://127.0.0.1/verify-email?token="),
        "{link}"
    );

    let text = dashboard::server::cli::outbox(&app.db, None, 10, false)
        .await
        .expect("outbox");
    assert!(text.contains("to kay@example.com"), "{text}");
    assert!(text.contains("to other@example.com"), "{text}");
    assert!(text.contains(link), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resend_answers_alike_and_only_the_newest_link_works() {
    let app = spawn_app().await;
    assert_eq!(app.register("bo@example.com").await.status(), 201);
    let first = token_in(
        &last_mail(&app, "bo@example.com", "Confirm your email address").await,
        "/verify-email",
    );

    let unknown = app
        .post_json(
            "/api/auth/verify-email/resend",
            &json!({"email": "nobody@example.com"}),
        )
        .await;
    assert_eq!(unknown.status(), 202);
    let unknown: Value = unknown.json().await.expect("json");
    let known = app
        .post_json(
            "/api/auth/verify-email/resend",
            &json!({"email": "BO@example.com"}),
        )
        .await;
    assert_eq!(known.status(), 202);
    let known: Value = known.json().await.expect("json");
    assert_eq!(unknown, known);
    assert!(mail_to(&app, "nobody@example.com").await.is_empty());
    assert_eq!(mail_to(&app, "bo@example.com").await.len(), 2);

    let second = token_in(
        &last_mail(&app, "bo@example.com", "Confirm your email address").await,
        "/verify-email",
    );
    assert_ne!(first, second);
    let old = app
        .post_json("/api/auth/verify-email", &json!({ "token": first }))
        .await;
    assert_eq!(error_of(old, 410).await["code"], "token_used");
    let new = app
        .post_json("/api/auth/verify-email", &json!({ "token": second }))
        .await;
    assert_eq!(new.status(), 200);

    // Verified now: a resend answers the same and mails nothing.
    let after = app
        .post_json(
            "/api/auth/verify-email/resend",
            &json!({"email": "bo@example.com"}),
        )
        .await;
    assert_eq!(after.status(), 202);
    assert_eq!(mail_to(&app, "bo@example.com").await.len(), 2);

    let malformed = app
        .post_json(
            "/api/auth/verify-email/resend",
            &json!({"email": "not-an-email"}),
        )
        .await;
    assert!(error_of(malformed, 400).await["fields"]["email"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_change_applies_only_once_the_new_address_is_verified() {
    let app = spawn_app().await;
    let user = app.sign_in_as("old@example.com").await;
    let response = user
        .patch(
            "/api/dashboard/user/profile/",
            &json!({"email": "New@Example.com"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let pending: Value = response.json().await.expect("json");
    assert_eq!(pending["email"], "old@example.com");
    assert_eq!(pending["pending_email"], "new@example.com");
    // Not yet: the account still signs in with the old address only.
    assert_eq!(app.login("new@example.com", PASSWORD).await.status(), 401);
    assert!(mail_to(&app, "old@example.com")
        .await
        .iter()
        .all(|m| m.subject != "Your email address was changed"));

    let mail = last_mail(&app, "new@example.com", "Confirm your new email address").await;
    let response = app
        .post_json(
            "/api/auth/verify-email",
            &json!({ "token": token_in(&mail, "/verify-email") }),
        )
        .await;
    assert_eq!(response.status(), 200);
    let verified: Value = response.json().await.expect("json");
    assert_eq!(verified["email"], "new@example.com");
    assert_eq!(verified["changed"], true);

    // The change ended no session: the same token reads the new profile.
    let now = profile(&app, &user.token).await;
    assert_eq!(now["email"], "new@example.com");
    assert_eq!(now["pending_email"], Value::Null);
    assert_eq!(now["email_verified"], true);
    let notice = last_mail(&app, "old@example.com", "Your email address was changed").await;
    assert!(notice.body.contains("new@example.com"), "{}", notice.body);
    assert_eq!(app.login("old@example.com", PASSWORD).await.status(), 401);
    let token = access_token(&app, "new@example.com", PASSWORD).await;
    assert!(event_kinds(&app, &token)
        .await
        .contains(&"email_changed".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_link_stops_working_when_another_address_is_requested() {
    let app = spawn_app().await;
    let user = app.sign_in_as("first@example.com").await;
    for address in ["second@example.com", "third@example.com"] {
        let response = user
            .patch("/api/dashboard/user/profile/", &json!({ "email": address }))
            .await;
        assert_eq!(response.status(), 200);
    }
    let stale = last_mail(&app, "second@example.com", "Confirm your new email address").await;
    let response = app
        .post_json(
            "/api/auth/verify-email",
            &json!({ "token": token_in(&stale, "/verify-email") }),
        )
        .await;
    assert_eq!(error_of(response, 410).await["code"], "token_used");
    assert_eq!(
        profile(&app, &user.token).await["email"],
        "first@example.com"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_by_mail_sets_the_password_and_ends_every_session() {
    let app = spawn_app().await;
    let user = app.sign_in_as("reset@example.com").await;
    let other_device = access_token(&app, "reset@example.com", PASSWORD).await;

    let response = app
        .post_json(
            "/api/auth/password-reset/request",
            &json!({"email": "reset@example.com"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let mail = last_mail(&app, "reset@example.com", "Reset your password").await;
    let token = token_in(&mail, "/reset-password");

    // A password the policy refuses leaves the link usable.
    let weak = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "short"}),
        )
        .await;
    assert!(error_of(weak, 400).await["fields"]["new_password"].is_array());
    let mismatch = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": token, "new_password": NEW_PASSWORD, "confirm_password": "something else"}),
        )
        .await;
    assert!(error_of(mismatch, 400).await["fields"]["confirm_password"].is_array());

    let response = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let done: Value = response.json().await.expect("json");
    assert_eq!(done["sessions_ended"], 2);

    for token in [&user.token, &other_device] {
        let me = app.get_with_token("/api/auth/me", token).await;
        assert_eq!(me.status(), 401);
    }
    assert_eq!(app.login("reset@example.com", PASSWORD).await.status(), 401);
    let token_after = access_token(&app, "reset@example.com", NEW_PASSWORD).await;
    // The link reached the address, which proves it.
    assert_eq!(profile(&app, &token_after).await["email_verified"], true);
    let kinds = event_kinds(&app, &token_after).await;
    // Newest first: this sign-in, the refused old password, then the reset.
    assert_eq!(
        kinds[..3],
        ["sign_in", "sign_in_failed", "password_reset"],
        "{kinds:?}"
    );
    last_mail(&app, "reset@example.com", "Your password was changed").await;

    let reused = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "yet another passphrase 99"}),
        )
        .await;
    assert_eq!(error_of(reused, 410).await["code"], "token_used");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_request_answers_alike_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    assert_eq!(app.register("here@example.com").await.status(), 201);
    let mut answers = Vec::new();
    for address in ["here@example.com", "absent@example.com"] {
        let started = Instant::now();
        let response = app
            .post_json(
                "/api/auth/password-reset/request",
                &json!({ "email": address }),
            )
            .await;
        // Both wait out the same floor, so the work done for a real account does not show.
        assert!(started.elapsed() >= email::PUBLIC_FLOOR);
        assert_eq!(response.status(), 202);
        answers.push(response.text().await.expect("body"));
    }
    assert_eq!(answers[0], answers[1]);
    assert!(mail_to(&app, "absent@example.com").await.is_empty());
    last_mail(&app, "here@example.com", "Reset your password").await;

    let malformed = app
        .post_json("/api/auth/password-reset/request", &json!({"email": ""}))
        .await;
    error_of(malformed, 400).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_unknown_and_malformed_tokens_get_clear_errors() {
    let app = spawn_app().await;
    assert_eq!(app.register("tok@example.com").await.status(), 201);
    let response = app
        .post_json(
            "/api/auth/password-reset/request",
            &json!({"email": "tok@example.com"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let verify = token_in(
        &last_mail(&app, "tok@example.com", "Confirm your email address").await,
        "/verify-email",
    );
    let reset = token_in(
        &last_mail(&app, "tok@example.com", "Reset your password").await,
        "/reset-password",
    );
    // A verification token is no reset token, and the other way round.
    let crossed = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": verify, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(error_of(crossed, 400).await["code"], "token_invalid");
    let crossed = app
        .post_json("/api/auth/verify-email", &json!({ "token": reset }))
        .await;
    assert_eq!(error_of(crossed, 400).await["code"], "token_invalid");

    let unknown = "A".repeat(43);
    for garbage in [
        "",
        "abc",
        "../../etc/passwd",
        unknown.as_str(),
        &"é".repeat(43),
    ] {
        let response = app
            .post_json("/api/auth/verify-email", &json!({ "token": garbage }))
            .await;
        assert_eq!(error_of(response, 400).await["code"], "token_invalid");
        let response = app
            .post_json(
                "/api/auth/password-reset/confirm",
                &json!({"token": garbage, "new_password": NEW_PASSWORD}),
            )
            .await;
        assert_eq!(error_of(response, 400).await["code"], "token_invalid");
    }
    let missing = app
        .post_json("/api/auth/password-reset/confirm", &json!({"token": reset}))
        .await;
    error_of(missing, 400).await;

    expire_tokens(&app.db).await;
    let expired = app
        .post_json("/api/auth/verify-email", &json!({ "token": verify }))
        .await;
    assert_eq!(error_of(expired, 410).await["code"], "token_expired");
    let expired = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": reset, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(error_of(expired, 410).await["code"], "token_expired");
    // Nothing changed: the old password still works.
    access_token(&app, "tok@example.com", PASSWORD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_reset_link_retires_the_older_one() {
    let app = spawn_app().await;
    assert_eq!(app.register("twice@example.com").await.status(), 201);
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let response = app
            .post_json(
                "/api/auth/password-reset/request",
                &json!({"email": "twice@example.com"}),
            )
            .await;
        assert_eq!(response.status(), 202);
        tokens.push(token_in(
            &last_mail(&app, "twice@example.com", "Reset your password").await,
            "/reset-password",
        ));
    }
    let old = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": tokens[0], "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(error_of(old, 410).await["code"], "token_used");
    let new = app
        .post_json(
            "/api/auth/password-reset/confirm",
            &json!({"token": tokens[1], "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_mails_a_notice() {
    let app = spawn_app().await;
    let user = app.sign_in_as("notice@example.com").await;
    let response = user
        .post(
            "/api/dashboard/user/change-password/",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let notice = last_mail(&app, "notice@example.com", "Your password was changed").await;
    assert!(
        notice.body.contains("Every other device"),
        "{}",
        notice.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolled_back_registration_mails_nothing() {
    let app = spawn_app().await;
    assert_eq!(app.register("dup@example.com").await.status(), 201);
    assert_eq!(app.register("dup@example.com").await.status(), 409);
    assert_eq!(mail_to(&app, "dup@example.com").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mailed_pages_work_without_javascript() {
    let app = spawn_app().await;
    assert_eq!(app.register("page@example.com").await.status(), 201);
    let token = token_in(
        &last_mail(&app, "page@example.com", "Confirm your email address").await,
        "/verify-email",
    );
    let get = |path: String| {
        app.client
            .get(app.url(&path))
            .header(reqwest::header::ACCEPT, "text/html")
            .send()
    };
    // A visitor reaches every page a mailed link opens, signed in or not.
    let page = get(format!("/verify-email?token={token}"))
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("page@example.com is confirmed"), "{html}");
    let again = get(format!("/verify-email?token={token}"))
        .await
        .expect("page");
    assert!(again.text().await.expect("html").contains("already used"));
    for path in ["/forgot-password", "/reset-password?token=x"] {
        let page = get(path.into()).await.expect("page");
        assert_eq!(page.status(), 200, "{path}");
    }

    // The forgot-password form, posted as a browser without JavaScript, lands on the "sent" note.
    let response = app
        .client
        .post(app.url("/api/fn/auth/forgot-password"))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::REFERER, app.url("/forgot-password"))
        .form(&[("email", "page@example.com")])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 302);
    let location = response.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(location, "/forgot-password?sent=1");
    let reset = token_in(
        &last_mail(&app, "page@example.com", "Reset your password").await,
        "/reset-password",
    );
    let response = app
        .client
        .post(app.url("/api/fn/auth/reset-password"))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(
            reqwest::header::REFERER,
            app.url(&format!("/reset-password?token={reset}")),
        )
        .form(&[
            ("token", reset.as_str()),
            ("new_password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[reqwest::header::LOCATION],
        "/reset-password?done=1"
    );
    access_token(&app, "page@example.com", NEW_PASSWORD).await;
}
