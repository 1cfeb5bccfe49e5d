//! The profile and settings pages' server functions (`/api/fn/profile/*`, `/api/fn/settings/*`,
//! `/api/fn/preferences/*`) and the avatar form that posts without JavaScript: they reach the same services as
//! the REST endpoints, and a plain form gets its field messages and refusals back on the page.

use crate::helpers::{spawn_app, Signed};
use reqwest::{header, Response};
use serde_json::Value;

/// Calls a server function as the wasm client does: form-encoded arguments, JSON back.
async fn call(user: &Signed<'_>, endpoint: &str, form: &[(&str, &str)]) -> Response {
    user.app
        .client
        .post(user.app.url(&format!("/api/fn/{endpoint}")))
        .bearer_auth(&user.token)
        .form(form)
        .send()
        .await
        .expect("request")
}

/// Posts the same form as a browser without JavaScript, from `page`.
async fn post_plain(
    user: &Signed<'_>,
    endpoint: &str,
    page: &str,
    form: &[(&str, &str)],
) -> Response {
    user.app
        .client
        .post(user.app.url(&format!("/api/fn/{endpoint}")))
        .bearer_auth(&user.token)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, user.app.url(page))
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn json_of(response: Response, status: u16) -> Value {
    assert_eq!(response.status(), status, "unexpected status");
    response.json().await.expect("json body")
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

const PROFILE_FORM: [(&str, &str); 4] = [
    ("first_name", "Ada"),
    ("last_name", "Byron"),
    ("phone", "+923001234567"),
    ("email", "ada@example.com"),
];

fn with<'a>(form: &[(&'a str, &'a str)], key: &str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    form.iter()
        .map(|(k, v)| (*k, if *k == key { value } else { *v }))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_form_reports_field_errors_then_saves_and_keeps_a_new_email_pending() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;

    let bad = with(&PROFILE_FORM, "phone", "not a phone");
    let error = json_of(call(&ada, "profile/update", &bad).await, 400).await;
    assert_eq!(error["code"], "validation_failed");
    assert!(error["fields"]["phone"][0].as_str().is_some(), "{error}");
    // Nothing was saved by the refused form.
    let profile = json_of(call(&ada, "profile", &[]).await, 200).await;
    assert_eq!(profile["last_name"], "Lovelace");

    let saved = json_of(call(&ada, "profile/update", &PROFILE_FORM).await, 200).await;
    assert_eq!(saved["full_name"], "Ada Byron");
    assert_eq!(saved["phone"], "+923001234567");
    assert_eq!(saved["pending_email"], Value::Null);

    let moving = with(&PROFILE_FORM, "email", "ada@new.example.com");
    let saved = json_of(call(&ada, "profile/update", &moving).await, 200).await;
    assert_eq!(saved["email"], "ada@example.com");
    assert_eq!(saved["pending_email"], "ada@new.example.com");
    // The REST face reads the same row.
    let rest = json_of(ada.get("/api/dashboard/user/profile/").await, 200).await;
    assert_eq!(rest["pending_email"], "ada@new.example.com");

    // An empty phone removes the number.
    let no_phone = with(&moving, "phone", "");
    let saved = json_of(call(&ada, "profile/update", &no_phone).await, 200).await;
    assert_eq!(saved["phone"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_form_with_invalid_fields_returns_to_the_page_with_the_field_messages() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let bad = with(&PROFILE_FORM, "first_name", "");
    let response = post_plain(&ada, "profile/update", "/profile", &bad).await;
    let back = location(&response);
    assert!(
        back.starts_with(&app.url("/profile?error=validation_failed")),
        "{back}"
    );
    // The server function and its error ride along, for the page's action to show beside the field.
    assert!(
        back.contains("__path=%2Fapi%2Ffn%2Fprofile%2Fupdate"),
        "{back}"
    );
    assert!(back.contains("__err="), "{back}");

    // The page renders the message beside the field.
    let page = app
        .client
        .get(&back)
        .bearer_auth(&ada.token)
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .expect("request");
    let html = page.text().await.expect("html");
    assert!(
        html.contains(r#"data-testid="first_name-error""#),
        "no field error slot"
    );
    assert!(
        html.contains("aria-invalid=\"true\""),
        "the field is not marked invalid"
    );

    // A success from that URL leaves none of it behind.
    let fixed = post_plain(
        &ada,
        "profile/update",
        &back.replace(&app.url(""), ""),
        &PROFILE_FORM,
    )
    .await;
    assert_eq!(location(&fixed), app.url("/profile"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_avatar_from_the_page_clears_it() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let part = reqwest::multipart::Part::bytes(tiny_png()).file_name("a.png");
    let response = app
        .client
        .post(app.url("/api/dashboard/user/avatar/"))
        .bearer_auth(&ada.token)
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let profile = json_of(call(&ada, "profile", &[]).await, 200).await;
    assert!(profile["avatar"].as_str().is_some());
    let removed = json_of(call(&ada, "profile/delete-avatar", &[]).await, 200).await;
    assert_eq!(removed["avatar"], Value::Null);
}

fn tiny_png() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(8, 8, image::Rgb([40, 90, 200])))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// Uploads `bytes` the way the profile page's form does without JavaScript.
async fn upload_plain(user: &Signed<'_>, bytes: Vec<u8>) -> Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.png");
    user.app
        .client
        .post(user.app.url("/api/dashboard/user/avatar/"))
        .bearer_auth(&user.token)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_avatar_form_without_javascript_returns_to_the_profile_page() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;

    let response = upload_plain(&ada, tiny_png()).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/profile");
    let profile = json_of(call(&ada, "profile", &[]).await, 200).await;
    assert!(profile["avatar"].as_str().is_some(), "{profile}");

    let response = upload_plain(&ada, b"GIF89a not an image we take".to_vec()).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/profile?error=unsupported_media_type");
}

// A body over the server-wide 6 MB limit is refused before any handler runs, in the API's JSON shape; only
// what reaches the handler can be sent back to the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_avatar_over_5_mb_sent_without_javascript_returns_with_the_reason() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let mut bytes = tiny_png();
    bytes.resize(5 * 1024 * 1024 + 1, 0);
    let response = upload_plain(&ada, bytes).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/profile?error=payload_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_cards_save_their_own_keys_and_an_unticked_box_is_off() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;

    // Only SMS ticked: email and marketing are off.
    let saved = json_of(
        call(
            &ada,
            "settings/notifications",
            &[("sms_notifications", "on")],
        )
        .await,
        200,
    )
    .await;
    let n = &saved["notification_preferences"];
    assert_eq!(
        (
            &n["email_notifications"],
            &n["sms_notifications"],
            &n["marketing_emails"]
        ),
        (&Value::Bool(false), &Value::Bool(true), &Value::Bool(false))
    );

    let saved = json_of(
        call(
            &ada,
            "settings/calls",
            &[("ai_assistance_enabled", "on"), ("call_quality", "high")],
        )
        .await,
        200,
    )
    .await;
    assert_eq!(saved["call_preferences"]["call_quality"], "high");
    assert_eq!(saved["call_preferences"]["auto_record_calls"], false);
    // The notification card's save was not undone by the call card's.
    assert_eq!(saved["notification_preferences"]["sms_notifications"], true);

    let error = json_of(
        call(
            &ada,
            "settings/privacy",
            &[("profile_visibility", "everyone")],
        )
        .await,
        400,
    )
    .await;
    assert!(
        error["fields"]["privacy_settings.profile_visibility"][0].is_string(),
        "{error}"
    );

    // The REST face reads what the page saved.
    let rest = json_of(ada.get("/api/dashboard/user/settings/").await, 200).await;
    assert_eq!(rest["call_preferences"]["call_quality"], "high");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preferences_check_the_time_zone_and_widgets_move_hide_and_show() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;

    let zones = json_of(call(&ada, "settings/timezones", &[]).await, 200).await;
    let zones = zones.as_array().expect("a list");
    assert!(zones.iter().any(|z| z == "Asia/Karachi"));

    let form = [
        ("theme", "dark"),
        ("language", "ur"),
        ("timezone", "Mars/Olympus_Mons"),
        ("dashboard_layout", "compact"),
    ];
    let error = json_of(call(&ada, "preferences/update", &form).await, 400).await;
    assert!(error["fields"]["timezone"][0].is_string(), "{error}");
    let form = with(&form, "timezone", "Asia/Karachi");
    let saved = json_of(call(&ada, "preferences/update", &form).await, 200).await;
    assert_eq!(
        (
            &saved["timezone"],
            &saved["theme"],
            &saved["language"],
            &saved["dashboard_layout"]
        ),
        (
            &Value::from("Asia/Karachi"),
            &Value::from("dark"),
            &Value::from("ur"),
            &Value::from("compact")
        )
    );

    let before: Vec<Value> = saved["dashboard_widgets"]
        .as_array()
        .expect("widgets")
        .clone();
    assert!(before.len() >= 2, "the defaults show several widgets");
    let second = before[1].as_str().expect("name").to_owned();
    let moved = json_of(
        call(
            &ada,
            "preferences/widget",
            &[("widget", &second), ("change", "up")],
        )
        .await,
        200,
    )
    .await;
    assert_eq!(moved["dashboard_widgets"][0], second.as_str());
    assert_eq!(moved["dashboard_widgets"][1], before[0]);

    let hidden = json_of(
        call(
            &ada,
            "preferences/widget",
            &[("widget", &second), ("change", "hide")],
        )
        .await,
        200,
    )
    .await;
    let list = hidden["dashboard_widgets"].as_array().expect("widgets");
    assert!(!list.iter().any(|w| w == second.as_str()));
    let shown = json_of(
        call(
            &ada,
            "preferences/widget",
            &[("widget", &second), ("change", "show")],
        )
        .await,
        200,
    )
    .await;
    let list = shown["dashboard_widgets"].as_array().expect("widgets");
    assert_eq!(list.last(), Some(&Value::from(second.as_str())));

    let error = json_of(
        call(
            &ada,
            "preferences/widget",
            &[("widget", "weather"), ("change", "show")],
        )
        .await,
        400,
    )
    .await;
    assert!(
        error["fields"]["dashboard_widgets"][0].is_string(),
        "{error}"
    );
    // The REST face reads the arranged list.
    let rest = json_of(ada.get("/api/dashboard/user/preferences/").await, 200).await;
    assert_eq!(rest["dashboard_widgets"], shown["dashboard_widgets"]);
}
