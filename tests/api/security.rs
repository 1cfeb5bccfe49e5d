//! Sessions and the security history: list, end one, end the others, refusal on every node within a second,
//! and the events each flow leaves.

use crate::helpers::{error_of, ms, spawn_app, spawn_node, TestApp, PASSWORD};
use serde_json::{json, Value};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

async fn login_as(app: &TestApp, email: &str, user_agent: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/auth/login"))
        .header(reqwest::header::USER_AGENT, user_agent)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    body["access_token"].as_str().expect("token").to_owned()
}

async fn sessions(app: &TestApp, token: &str) -> Vec<Value> {
    let response = app
        .get_with_token("/api/dashboard/user/sessions/", token)
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

async fn end(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.client
        .delete(app.url(&format!("/api/dashboard/user/sessions/{id}/")))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn events(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app
        .get_with_token(
            &format!("/api/dashboard/user/security-events/{query}"),
            token,
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

fn kinds(page: &Value) -> Vec<String> {
    page["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_listed_with_device_and_the_current_one_marked() {
    let app = spawn_app().await;
    app.register("ada@example.com").await;
    let laptop = login_as(&app, "ada@example.com", FIREFOX).await;
    let script = login_as(&app, "ada@example.com", "curl/8.5.0").await;
    let list = sessions(&app, &laptop).await;
    assert_eq!(list.len(), 2);
    let current: Vec<_> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Firefox on Linux");
    assert_eq!(current[0]["ip"], "127.0.0.1");
    assert_eq!(current[0]["kind"], "api");
    assert!(current[0]["created_at"]
        .as_str()
        .expect("time")
        .ends_with('Z'));
    let other: Vec<_> = list.iter().filter(|s| s["current"] == false).collect();
    assert_eq!(other[0]["device"], "curl");

    // Another user sees only their own.
    let stranger = app.sign_in_as("eve@example.com").await;
    let theirs = sessions(&app, &stranger.token).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(sessions(&app, &script).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_a_session_refuses_its_token_and_only_its_owner_may() {
    let app = spawn_app().await;
    app.register("ada@example.com").await;
    let laptop = login_as(&app, "ada@example.com", FIREFOX).await;
    let phone = login_as(&app, "ada@example.com", "curl/8.5.0").await;
    let phone_id = sessions(&app, &phone)
        .await
        .into_iter()
        .find(|s| s["current"] == true)
        .expect("current")["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let stranger = app.sign_in_as("eve@example.com").await;
    let foreign = end(&app, &stranger.token, &phone_id).await;
    assert_eq!(error_of(foreign, 404).await["code"], "not_found");
    assert_eq!(
        app.get_with_token("/api/auth/me", &phone).await.status(),
        200
    );

    assert_eq!(end(&app, &laptop, &phone_id).await.status(), 204);
    assert_eq!(
        app.get_with_token("/api/auth/me", &phone).await.status(),
        401
    );
    assert_eq!(
        end(&app, &laptop, &phone_id).await.status(),
        404,
        "already ended"
    );
    assert_eq!(sessions(&app, &laptop).await.len(), 1);
    let history = events(&app, &laptop, "").await;
    assert_eq!(kinds(&history)[0], "session_ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_the_other_sessions_keeps_only_the_callers() {
    let app = spawn_app().await;
    app.register("ada@example.com").await;
    let keep = login_as(&app, "ada@example.com", FIREFOX).await;
    let a = login_as(&app, "ada@example.com", "curl/8.5.0").await;
    let b = login_as(&app, "ada@example.com", "curl/8.5.0").await;
    let response = app
        .client
        .post(app.url("/api/dashboard/user/sessions/end-others/"))
        .bearer_auth(&keep)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.expect("json")["sessions_ended"],
        2
    );
    for token in [&a, &b] {
        assert_eq!(
            app.get_with_token("/api/auth/me", token).await.status(),
            401
        );
    }
    assert_eq!(
        app.get_with_token("/api/auth/me", &keep).await.status(),
        200
    );
    assert_eq!(
        kinds(&events(&app, &keep, "").await)[0],
        "other_sessions_ended"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ended_on_one_node_is_refused_on_another_within_a_second() {
    let first = spawn_app().await;
    let second = spawn_node(&first.database_url).await;
    first.register("ada@example.com").await;
    let keep = login_as(&first, "ada@example.com", FIREFOX).await;
    let other = login_as(&first, "ada@example.com", "curl/8.5.0").await;
    // The second node has the session in its cache now.
    assert_eq!(
        second.get_with_token("/api/auth/me", &other).await.status(),
        200
    );
    let response = first
        .client
        .post(first.url("/api/dashboard/user/sessions/end-others/"))
        .bearer_auth(&keep)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        second.get_with_token("/api/auth/me", &other).await.status(),
        401
    );
    assert_eq!(
        second.get_with_token("/api/auth/me", &keep).await.status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_records_sign_ins_failures_and_changes_newest_first() {
    let app = spawn_app().await;
    app.register("ada@example.com").await;
    let failed = app.login("ada@example.com", "not the password").await;
    assert_eq!(failed.status(), 401);
    // An unknown account has no history to write to; the answer is the same.
    assert_eq!(
        app.login("nobody@example.com", "whatever it is")
            .await
            .status(),
        401
    );
    let token = login_as(&app, "ada@example.com", FIREFOX).await;
    let other = login_as(&app, "ada@example.com", "curl/8.5.0").await;
    let changed = app
        .client
        .post(app.url("/api/dashboard/user/change-password/"))
        .bearer_auth(&token)
        .json(&json!({
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(changed.status(), 200);
    assert_eq!(
        app.get_with_token("/api/auth/me", &other).await.status(),
        401
    );
    // The new access token of the caller's session.
    let body: Value = changed.json().await.expect("json");
    let token = body["tokens"]["access_token"]
        .as_str()
        .expect("token")
        .to_owned();

    let page = events(&app, &token, "").await;
    assert_eq!(
        kinds(&page),
        ["password_changed", "sign_in", "sign_in", "sign_in_failed"]
    );
    assert_eq!(page["count"], 4);
    assert_eq!(page["page"], 1);
    let results = &page["results"];
    assert_eq!(results[0]["ip"], "127.0.0.1");
    assert_eq!(results[1]["device"], "curl");
    assert_eq!(results[2]["device"], "Firefox on Linux");

    let beyond = events(&app, &token, "?page=2").await;
    assert_eq!(beyond["results"].as_array().expect("results").len(), 0);
    let bad = app
        .get_with_token("/api/dashboard/user/security-events/?page=0", &token)
        .await;
    assert_eq!(error_of(bad, 400).await["code"], "validation_failed");
    let stranger = app.sign_in_as("eve@example.com").await;
    assert_eq!(kinds(&events(&app, &stranger.token, "").await), ["sign_in"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_pages_twenty_at_a_time() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    // 1 sign-in, then 11 rounds of "end the others" (the first finds none) and a new sign-in: 22 events.
    for _ in 0..11 {
        let response = user
            .post("/api/dashboard/user/sessions/end-others/", &json!({}))
            .await;
        assert_eq!(response.status(), 200);
        login_as(&app, "ada@example.com", "curl/8.5.0").await;
    }
    let first = events(&app, &user.token, "").await;
    assert_eq!(first["page_size"], 20);
    assert_eq!(first["results"].as_array().expect("results").len(), 20);
    assert_eq!(first["count"], 22);
    assert_eq!(first["total_pages"], 2);
    let second = events(&app, &user.token, "?page=2").await;
    assert_eq!(second["results"].as_array().expect("results").len(), 2);
    let last_of_first = ms(&first["results"][19]["created_at"]);
    let first_of_second = ms(&second["results"][0]["created_at"]);
    assert!(
        last_of_first >= first_of_second,
        "newest first across pages"
    );
}

/// A plain HTML form post from the Security screen (no JavaScript), authenticated by `token`.
async fn post_screen_form(
    app: &TestApp,
    endpoint: &str,
    referer: &str,
    form: &[(&str, &str)],
    token: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(endpoint))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::REFERER, app.url(referer))
        .bearer_auth(token)
        .form(form)
        .send()
        .await
        .expect("request")
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_security_screen_reads_times_in_the_users_zone() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    ada.set_timezone("Asia/Karachi").await;

    let view: Value = app
        .client
        .post(app.url("/api/fn/security/sessions"))
        .bearer_auth(&ada.token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(view["timezone"], "Asia/Karachi");
    let created = view["sessions"][0]["created_at"].as_str().expect("created");
    let local = view["created_local"][0].as_str().expect("local");
    // Karachi is UTC+5 all year: "2026-12-01T19:58:03Z" reads "2026-12-02 00:58" or "2026-12-01 23:58".
    let utc_hour: u32 = created[11..13].parse().expect("hour");
    let local_hour: u32 = local[11..13].parse().expect("hour");
    assert_eq!(local_hour, (utc_hour + 5) % 24, "{created} → {local}");
    assert_eq!(&local[13..], &created[13..16], "{created} → {local}");
    assert_eq!(
        view["last_seen_local"].as_array().map(Vec::len),
        Some(1),
        "one time per session"
    );

    let history: Value = ada
        .post("/api/fn/security/events", &json!({"page": 1}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(history["timezone"], "Asia/Karachi");
    assert_eq!(history["page"]["results"][0]["kind"], "sign_in");
    assert_eq!(
        history["created_local"].as_array().map(Vec::len),
        history["page"]["results"].as_array().map(Vec::len)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_security_forms_confirm_or_refuse_back_on_the_page_without_javascript() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let other = login_as(&app, "ada@example.com", FIREFOX).await;
    let change = |current: &'static str| {
        [
            ("current_password", current),
            ("new_password", "a brand new passphrase"),
            ("confirm_password", "a brand new passphrase"),
        ]
    };

    let wrong = post_screen_form(
        &app,
        "/api/fn/security/change-password",
        "/security?done=session-ended",
        &change("not the password"),
        &ada.token,
    )
    .await;
    assert_eq!(wrong.status(), 302);
    let back = location(&wrong);
    assert!(
        back.starts_with(&app.url("/security?error=validation_failed&__path=")),
        "{back}"
    );
    assert!(
        back.contains("__err="),
        "the field errors travel along: {back}"
    );

    let right = post_screen_form(
        &app,
        "/api/fn/security/change-password",
        "/security?error=validation_failed",
        &change(PASSWORD),
        &ada.token,
    )
    .await;
    assert_eq!(right.status(), 302);
    assert_eq!(location(&right), app.url("/security?done=password"));
    let refused = app.get_with_token("/api/auth/me", &other).await;
    assert_eq!(refused.status(), 401, "the other session ended");

    let gone = post_screen_form(
        &app,
        "/api/fn/security/sessions/end",
        "/security?page=2",
        &[("id", "no-such-session")],
        &ada.token,
    )
    .await;
    assert_eq!(location(&gone), app.url("/security?page=2&error=not_found"));
    let others = post_screen_form(
        &app,
        "/api/fn/security/sessions/end-others",
        "/security?page=2",
        &[],
        &ada.token,
    )
    .await;
    assert_eq!(
        location(&others),
        app.url("/security?page=2&done=others-ended")
    );
}
