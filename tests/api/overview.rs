//! `/api/dashboard/overview/` and `/recent-activity/`: exact camelCase shapes, truncation, thumbnails, and a
//! cache that is never stale.

use crate::helpers::{spawn_app, Signed, TestApp};
use serde_json::{json, Value};

async fn get(user: &Signed<'_>, path: &str) -> Value {
    let response = user.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("json")
}

async fn ingest(app: &TestApp, key: &str, path: &str, body: Value) {
    let response = app
        .client
        .post(app.url(path))
        .header("x-api-key", key)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201, "{path}");
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_has_exactly_the_documented_shape() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    for path in ["/api/dashboard/overview/", "/api/dashboard/overview"] {
        let body = get(&ada, path).await;
        assert_eq!(keys(&body), ["stats", "user"]);
        assert_eq!(keys(&body["user"]), ["email", "joined", "name"]);
        assert_eq!(
            keys(&body["stats"]),
            [
                "accountCreated",
                "totalChats",
                "totalImages",
                "totalTokensUsed"
            ]
        );
        assert_eq!(body["user"]["name"], "Ada Lovelace");
        assert_eq!(body["stats"]["accountCreated"], "just now");
        assert_eq!(body["stats"]["totalChats"], 0);
    }
    let recent = get(&ada, "/api/dashboard/recent-activity/").await;
    assert_eq!(recent, json!({"recentChats": [], "recentImages": []}));
    assert_eq!(
        app.client
            .get(app.url("/api/dashboard/overview/"))
            .send()
            .await
            .expect("request")
            .status(),
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recent_activity_lists_five_newest_with_cut_prompts_and_real_thumbnails() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let key = app.api_key().await;
    let chats: Vec<Value> = (1..=7)
        .map(|d| json!({"user_id": ada.user_id, "title": format!("chat {d}"), "created_at": format!("2026-01-0{d}T09:30:00Z")}))
        .collect();
    ingest(&app, &key, "/api/ingest/chats", Value::Array(chats)).await;
    let long_prompt = "غروب آفتاب ".repeat(10);
    let png = {
        let image = image::RgbImage::from_pixel(64, 32, image::Rgb([200, 100, 50]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(image)
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    };
    let form = reqwest::multipart::Form::new()
        .text(
            "metadata",
            json!({"user_id": ada.user_id, "prompt": long_prompt}).to_string(),
        )
        .part("image", reqwest::multipart::Part::bytes(png));
    let uploaded = app
        .client
        .post(app.url("/api/ingest/images"))
        .header("x-api-key", &key)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(uploaded.status(), 201);

    let recent = get(&ada, "/api/dashboard/recent-activity/").await;
    let chats = recent["recentChats"].as_array().expect("chats");
    assert_eq!(chats.len(), 5);
    assert_eq!(chats[0]["title"], "chat 7");
    assert_eq!(chats[0]["createdAt"], "2026-01-07T09:30:00Z");
    assert_eq!(keys(&chats[0]), ["createdAt", "id", "title"]);
    let image = &recent["recentImages"][0];
    assert_eq!(keys(image), ["createdAt", "id", "prompt", "thumbnailUrl"]);
    let prompt = image["prompt"].as_str().expect("prompt");
    assert_eq!(prompt.chars().count(), 53);
    assert!(prompt.ends_with("..."));
    let thumbnail = app
        .client
        .get(app.url(image["thumbnailUrl"].as_str().expect("url")))
        .send()
        .await
        .expect("request");
    assert_eq!(thumbnail.status(), 200);
    assert_eq!(thumbnail.headers()["content-type"], "image/png");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_is_fresh_after_every_kind_of_write() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let key = app.api_key().await;
    // Warm every cached view.
    assert_eq!(
        get(&ada, "/api/dashboard/overview/").await["stats"]["totalChats"],
        0
    );
    assert_eq!(
        get(&ada, "/api/dashboard/recent-activity/").await["recentChats"],
        json!([])
    );
    assert_eq!(
        get(&ada, "/api/dashboard/user/").await["call_statistics"]["total_calls"],
        0
    );

    // An ingest: recent activity at once, counters as soon as the worker has applied them.
    ingest(
        &app,
        &key,
        "/api/ingest/chats",
        json!({"user_id": ada.user_id, "title": "fresh"}),
    )
    .await;
    assert_eq!(
        get(&ada, "/api/dashboard/recent-activity/").await["recentChats"][0]["title"],
        "fresh"
    );
    app.settle().await;
    assert_eq!(
        get(&ada, "/api/dashboard/overview/").await["stats"]["totalChats"],
        1
    );
    ingest(&app, &key, "/api/ingest/calls", json!({"user_id": ada.user_id, "phone_number": "+14155550100", "status": "completed", "started_at": dashboard::server::db::rfc3339(dashboard::server::db::now_ms())})).await;
    app.settle().await;
    let main = get(&ada, "/api/dashboard/user/").await;
    assert_eq!(main["call_statistics"]["total_calls"], 1);
    assert_eq!(main["recent_calls"].as_array().map(Vec::len), Some(1));

    // A profile edit.
    assert_eq!(
        ada.patch(
            "/api/dashboard/user/profile/",
            &json!({"first_name": "Augusta"})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        get(&ada, "/api/dashboard/overview/").await["user"]["name"],
        "Augusta Lovelace"
    );
    assert_eq!(
        get(&ada, "/api/dashboard/user/").await["user"]["full_name"],
        "Augusta Lovelace"
    );

    // A plan change.
    assert!(get(&ada, "/api/dashboard/user/").await["subscription"].is_null());
    let plans = get(&ada, "/api/dashboard/user/subscription/").await;
    let plan_id = plans["available_plans"][0]["id"]
        .as_str()
        .expect("plan id")
        .to_owned();
    assert_eq!(
        ada.post(
            "/api/dashboard/user/subscription/change-plan/",
            &json!({"plan_id": plan_id})
        )
        .await
        .status(),
        200
    );
    let main = get(&ada, "/api/dashboard/user/").await;
    assert_eq!(
        main["subscription"]["plan"]["name"],
        plans["available_plans"][0]["name"]
    );
    assert_eq!(main["subscription"]["status"], "active");

    // Another user's write leaves this user's cache alone (and does not leak into it).
    let grace = app.sign_in_as("grace@example.com").await;
    ingest(
        &app,
        &key,
        "/api/ingest/chats",
        json!({"user_id": grace.user_id, "title": "grace's"}),
    )
    .await;
    assert_eq!(
        get(&ada, "/api/dashboard/recent-activity/").await["recentChats"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}
