//! The guided setup after a browser sign-up, through its server functions: every step saves through the
//! owning service, each can be skipped, the place is kept between visits, and once over it never returns.
//! Accounts made any other way have nothing to set up.

use crate::helpers::{spawn_app, TestApp, PASSWORD};
use reqwest::{header, Response};
use serde_json::{json, Value};

/// A browser sign-up without JavaScript; the session cookie's `name=value`.
async fn sign_up(app: &TestApp, email: &str) -> String {
    let form = [
        ("email", email),
        ("password", PASSWORD),
        ("first_name", "Grace"),
        ("last_name", ""),
    ];
    let response = app
        .client
        .post(app.url("/api/fn/auth/sign-up"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/register"))
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    assert_eq!(
        location(&response),
        "/welcome",
        "registration leads into the setup"
    );
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .expect("session cookie")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Calls a server function as the hydrated page does (no `Accept: text/html`): JSON back, and a redirect
/// only as a header for the client to follow.
async fn call(app: &TestApp, cookie: &str, endpoint: &str, form: &[(&str, &str)]) -> Response {
    app.client
        .post(app.url(&format!("/api/fn/onboarding/{endpoint}")))
        .header(header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn step(app: &TestApp, cookie: &str) -> Value {
    let response = call(app, cookie, "status", &[]).await;
    assert_eq!(response.status(), 200);
    let status: Value = response.json().await.expect("json");
    status.get("step").cloned().unwrap_or(Value::Null)
}

async fn get(app: &TestApp, cookie: &str, path: &str) -> Value {
    let response = app
        .client
        .get(app.url(path))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_saves_every_step_and_then_is_over() {
    let app = spawn_app().await;
    let cookie = sign_up(&app, "grace@example.com").await;
    assert_eq!(step(&app, &cookie).await, "profile");

    let profile = [
        ("first_name", "Grace"),
        ("last_name", "Hopper"),
        ("phone", "+923001234567"),
    ];
    let response = call(&app, &cookie, "profile", &profile).await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), "/welcome");
    assert_eq!(step(&app, &cookie).await, "preferences");

    let preferences = [
        ("timezone", "Asia/Karachi"),
        ("language", "ur"),
        ("theme", "dark"),
    ];
    assert_eq!(
        call(&app, &cookie, "preferences", &preferences)
            .await
            .status(),
        200
    );
    assert_eq!(step(&app, &cookie).await, "plan");

    let plans = get(&app, &cookie, "/api/dashboard/user/subscription/").await;
    let starter = plans["available_plans"]
        .as_array()
        .expect("plans")
        .iter()
        .find(|p| p["code"] == "starter")
        .expect("starter")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(
        call(&app, &cookie, "plan", &[("plan_id", &starter)])
            .await
            .status(),
        200
    );
    assert_eq!(step(&app, &cookie).await, "notifications");

    let response = call(
        &app,
        &cookie,
        "notifications",
        &[("sms_notifications", "on")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        location(&response),
        "/",
        "the last step leads to the overview"
    );
    assert_eq!(
        step(&app, &cookie).await,
        Value::Null,
        "nothing left to set up"
    );

    let me = get(&app, &cookie, "/api/dashboard/user/profile/").await;
    assert_eq!(
        (me["last_name"].clone(), me["phone"].clone()),
        (json!("Hopper"), json!("+923001234567"))
    );
    let prefs = get(&app, &cookie, "/api/dashboard/user/preferences/").await;
    assert_eq!(
        (
            prefs["timezone"].clone(),
            prefs["language"].clone(),
            prefs["theme"].clone()
        ),
        (json!("Asia/Karachi"), json!("ur"), json!("dark"))
    );
    let subscription = get(&app, &cookie, "/api/dashboard/user/subscription/").await;
    assert_eq!(
        subscription["current_subscription"]["plan"]["code"],
        "starter"
    );
    let settings = get(&app, &cookie, "/api/dashboard/user/settings/").await;
    assert_eq!(
        settings["notification_preferences"],
        json!({"email_notifications": false, "sms_notifications": true, "marketing_emails": false})
    );
    // Posting an old step again changes that data but never reopens the setup.
    call(&app, &cookie, "profile", &profile).await;
    assert_eq!(step(&app, &cookie).await, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skipping_moves_on_only_from_the_current_step_and_the_place_is_kept() {
    let app = spawn_app().await;
    let cookie = sign_up(&app, "grace@example.com").await;
    assert_eq!(
        call(&app, &cookie, "skip", &[("step", "profile")])
            .await
            .status(),
        200
    );
    assert_eq!(step(&app, &cookie).await, "preferences");
    // The same skip posted twice (a double click, the back button) does not skip the next step too.
    call(&app, &cookie, "skip", &[("step", "profile")]).await;
    assert_eq!(step(&app, &cookie).await, "preferences");
    let bad = call(&app, &cookie, "skip", &[("step", "../admin")]).await;
    assert_eq!(bad.status(), 400);
    // An invalid value leaves the step where it is.
    let bad = call(
        &app,
        &cookie,
        "preferences",
        &[
            ("timezone", "Mars/Base"),
            ("language", "en"),
            ("theme", "dark"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 400);
    assert_eq!(step(&app, &cookie).await, "preferences");

    // Signing in again later, the setup waits where it was left.
    let later = app
        .client
        .post(app.url("/api/fn/auth/sign-in"))
        .header(header::ACCEPT, "text/html")
        .form(&[("email", "grace@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    let cookie = later
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .expect("cookie")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(step(&app, &cookie).await, "preferences");

    // Staying on the free allowance is a choice: no plan is started.
    call(&app, &cookie, "skip", &[("step", "preferences")]).await;
    assert_eq!(
        call(&app, &cookie, "plan", &[("plan_id", "")])
            .await
            .status(),
        200
    );
    assert_eq!(step(&app, &cookie).await, "notifications");
    let subscription = get(&app, &cookie, "/api/dashboard/user/subscription/").await;
    assert_eq!(subscription["current_subscription"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dismissing_ends_the_setup_for_good() {
    let app = spawn_app().await;
    let cookie = sign_up(&app, "grace@example.com").await;
    let response = call(&app, &cookie, "dismiss", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(location(&response), "/");
    assert_eq!(step(&app, &cookie).await, Value::Null);
    call(&app, &cookie, "skip", &[("step", "profile")]).await;
    assert_eq!(step(&app, &cookie).await, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_not_made_by_the_browser_sign_up_have_nothing_to_set_up() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let response = app
        .client
        .post(app.url("/api/fn/onboarding/status"))
        .bearer_auth(&ada.token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.expect("json"), Value::Null);
    let anonymous = app
        .client
        .post(app.url("/api/fn/onboarding/status"))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), 401);
}
