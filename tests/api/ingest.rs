//! `/api/ingest/*`: service-key auth, per-item errors, idempotency, exact counters, images and thumbnails.

use crate::helpers::{error_of, spawn_app, TestApp};
use dashboard::server::db;
use serde_json::{json, Value};

async fn ingest(
    app: &TestApp,
    key: &str,
    path: &str,
    body: &Value,
    idempotency: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(path))
        .header("x-api-key", key)
        .json(body);
    if let Some(k) = idempotency {
        request = request.header("idempotency-key", k);
    }
    request.send().await.expect("request")
}

fn call(user_id: &str, status: &str) -> Value {
    json!({
        "user_id": user_id, "phone_number": "+1 415 555 0100", "status": status,
        "started_at": "2026-01-27T09:30:00Z", "duration_seconds": 125, "agent": "Ava",
        "satisfaction_rating": 5, "recording_url": "https://rec.example.com/1.mp3", "summary": "Booked."
    })
}

async fn count(app: &TestApp, table: &str, user_id: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
    match &app.db {
        db::Db::Sqlite(pool) => sqlx::query_scalar(&sql)
            .bind(user_id)
            .fetch_one(pool)
            .await
            .expect("count"),
        db::Db::Postgres(pool) => sqlx::query_scalar(&sql)
            .bind(user_id)
            .fetch_one(pool)
            .await
            .expect("count"),
    }
}

/// The counters once every pending event is applied.
async fn settled_stats(app: &TestApp, user_id: &str) -> db::stats::UserStatsRow {
    app.settle().await;
    db::stats::user_stats(&app.db, user_id)
        .await
        .expect("stats")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingestion_needs_a_service_key() {
    let app = spawn_app().await;
    let user_id = app.user_id("ada@example.com").await;
    let body = call(&user_id, "completed");
    let none = app
        .client
        .post(app.url("/api/ingest/calls"))
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(error_of(none, 401).await["code"], "unauthorized");
    let wrong = ingest(
        &app,
        "dsk_abc_not-a-real-key",
        "/api/ingest/calls",
        &body,
        None,
    )
    .await;
    assert_eq!(wrong.status(), 401);
    let tokens = app
        .login("ada@example.com", crate::helpers::PASSWORD)
        .await
        .json::<Value>()
        .await
        .expect("json");
    let with_jwt = app
        .client
        .post(app.url("/api/ingest/calls"))
        .bearer_auth(tokens["access_token"].as_str().expect("token"))
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(error_of(with_jwt, 403).await["code"], "forbidden");
    assert_eq!(count(&app, "calls", &user_id).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_call_is_stored_and_counted() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let response = ingest(
        &app,
        &key,
        "/api/ingest/calls",
        &call(&user_id, "completed"),
        None,
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["accepted"], 1);
    assert_eq!(body["results"][0]["status"], "created");
    let stats = settled_stats(&app, &user_id).await;
    assert_eq!((stats.total_calls, stats.successful_calls), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_items_are_reported_one_by_one_and_the_rest_are_stored() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let batch = json!([
        call(&user_id, "completed"),
        call(&user_id, "exploded"),
        {"user_id": user_id, "phone_number": "12345", "status": "missed", "started_at": "yesterday", "satisfaction_rating": 9},
        call("00000000-0000-0000-0000-000000000000", "failed"),
        {"user_email": "ADA@example.com", "phone_number": "+923000000000", "status": "missed", "started_at": "2026-01-27T10:00:00+05:00"},
        "not an object"
    ]);
    let response = ingest(&app, &key, "/api/ingest/calls", &batch, None).await;
    assert_eq!(response.status(), 207);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        (body["accepted"].as_u64(), body["rejected"].as_u64()),
        (Some(2), Some(4))
    );
    let results = body["results"].as_array().expect("results");
    let statuses: Vec<&str> = results
        .iter()
        .map(|r| r["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        statuses,
        ["created", "rejected", "rejected", "rejected", "created", "rejected"]
    );
    assert!(results[1]["error"]["fields"]["status"].is_array());
    let fields = &results[2]["error"]["fields"];
    for field in ["phone_number", "started_at", "satisfaction_rating"] {
        assert!(fields[field].is_array(), "{field} reported");
    }
    assert_eq!(results[3]["error"]["code"], "not_found");
    assert_eq!(results[5]["error"]["code"], "bad_request");
    assert_eq!(count(&app, "calls", &user_id).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_with_no_good_item_is_400_and_oversized_batches_are_refused() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let response = ingest(
        &app,
        &key,
        "/api/ingest/chats",
        &json!([{"title": "no user"}]),
        None,
    )
    .await;
    let error = error_of(response, 400).await;
    assert_eq!(error["code"], "validation_failed");
    let too_many: Vec<Value> = (0..1001)
        .map(|_| json!({"user_id": "x", "title": "t"}))
        .collect();
    let response = ingest(
        &app,
        &key,
        "/api/ingest/chats",
        &Value::Array(too_many),
        None,
    )
    .await;
    assert_eq!(error_of(response, 413).await["code"], "payload_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_delivery_with_the_same_idempotency_key_counts_once() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let batch = json!([{"user_id": user_id, "model": "gpt-4o", "prompt_tokens": 100, "completion_tokens": 50}]);
    let first = ingest(
        &app,
        &key,
        "/api/ingest/token-usage",
        &batch,
        Some("delivery-1"),
    )
    .await;
    assert_eq!(first.status(), 201);
    let first_body: Value = first.json().await.expect("json");
    let again = ingest(
        &app,
        &key,
        "/api/ingest/token-usage",
        &batch,
        Some("delivery-1"),
    )
    .await;
    assert_eq!(again.status(), 201);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(again.json::<Value>().await.expect("json"), first_body);
    let other = ingest(
        &app,
        &key,
        "/api/ingest/token-usage",
        &batch,
        Some("delivery-2"),
    )
    .await;
    assert_eq!(other.status(), 201);
    assert_eq!(count(&app, "token_usage", &user_id).await, 2);
    assert_eq!(settled_stats(&app, &user_id).await.total_tokens, 300);
    let reused_elsewhere = ingest(
        &app,
        &key,
        "/api/ingest/chats",
        &json!({"user_id": user_id, "title": "x"}),
        Some("delivery-1"),
    )
    .await;
    assert_eq!(error_of(reused_elsewhere, 409).await["code"], "conflict");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_equal_the_rows_after_a_burst_of_ten_thousand_ingests() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let batches: Vec<Value> = (0..10)
        .map(|batch| {
            (0..1000)
                .map(|i| json!({"user_id": user_id, "title": format!("chat {batch}-{i}")}))
                .collect()
        })
        .collect();
    let deliveries = batches
        .iter()
        .map(|batch| ingest(&app, &key, "/api/ingest/chats", batch, None));
    for response in futures::future::join_all(deliveries).await {
        assert_eq!(response.status(), 201);
    }
    let rows = count(&app, "chat_sessions", &user_id).await;
    assert_eq!(rows, 10_000);
    assert_eq!(settled_stats(&app, &user_id).await.total_chats, rows);
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

async fn upload(
    app: &TestApp,
    key: &str,
    metadata: Value,
    bytes: Vec<u8>,
    file_name: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("metadata", metadata.to_string())
        .part(
            "image",
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
        );
    app.client
        .post(app.url("/api/ingest/images"))
        .header("x-api-key", key)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_gets_a_thumbnail_that_any_client_can_fetch() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let response = upload(
        &app,
        &key,
        json!({"user_id": user_id, "prompt": "Beautiful sunset"}),
        png(800, 400),
        "x.png",
    )
    .await;
    assert_eq!(response.status(), 201);
    let thumbnail_key: String = match &app.db {
        db::Db::Sqlite(pool) => sqlx::query_scalar("SELECT thumbnail_key FROM images")
            .fetch_one(pool)
            .await
            .expect("row"),
        db::Db::Postgres(pool) => sqlx::query_scalar("SELECT thumbnail_key FROM images")
            .fetch_one(pool)
            .await
            .expect("row"),
    };
    let thumb = app
        .client
        .get(app.url(&format!("/media/{thumbnail_key}")))
        .send()
        .await
        .expect("request");
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/png");
    assert!(thumb.headers()["cache-control"]
        .to_str()
        .unwrap_or_default()
        .contains("immutable"));
    let decoded =
        image::load_from_memory(&thumb.bytes().await.expect("bytes")).expect("a real image");
    assert_eq!((decoded.width(), decoded.height()), (256, 128));
    assert_eq!(settled_stats(&app, &user_id).await.total_images, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_image_is_refused_by_its_content_not_its_name() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let response = upload(
        &app,
        &key,
        json!({"user_id": user_id, "prompt": "p"}),
        b"GIF89a not really".to_vec(),
        "photo.png",
    )
    .await;
    assert_eq!(
        error_of(response, 415).await["code"],
        "unsupported_media_type"
    );
    let missing = app
        .client
        .get(app.url("/media/not-a-key"))
        .send()
        .await
        .expect("request");
    assert_eq!(missing.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_upload_that_is_not_multipart_is_a_json_415() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let response = app
        .client
        .post(app.url("/api/ingest/images"))
        .header("x-api-key", key)
        .json(&json!({"prompt": "p"}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_of(response, 415).await["code"],
        "unsupported_media_type"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_images_reports_each_item_and_stores_the_good_ones() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let user_id = app.user_id("ada@example.com").await;
    let send = |metadata: Value, images: Vec<Vec<u8>>| {
        let mut form = reqwest::multipart::Form::new().text("metadata", metadata.to_string());
        for (i, bytes) in images.into_iter().enumerate() {
            form = form.part(
                "image",
                reqwest::multipart::Part::bytes(bytes).file_name(format!("{i}.png")),
            );
        }
        app.client
            .post(app.url("/api/ingest/images"))
            .header("x-api-key", &key)
            .multipart(form)
            .send()
    };

    let response = send(
        json!([
            {"user_id": user_id, "prompt": "a lighthouse"},
            {"user_id": user_id, "prompt": "not an image"},
            {"user_id": user_id},
            {"user_id": user_id, "prompt": "a harbour", "model": "img-2"},
        ]),
        vec![
            png(64, 64),
            b"GIF89a not really".to_vec(),
            png(8, 8),
            png(300, 100),
        ],
    )
    .await
    .expect("request");
    assert_eq!(response.status(), 207);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        (body["accepted"].as_i64(), body["rejected"].as_i64()),
        (Some(2), Some(2))
    );
    let statuses: Vec<&str> = body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(statuses, ["created", "rejected", "rejected", "created"]);
    assert_eq!(
        body["results"][1]["error"]["code"],
        "unsupported_media_type"
    );
    assert_eq!(body["results"][2]["error"]["code"], "bad_request");
    assert_eq!(count(&app, "images", &user_id).await, 2);
    assert_eq!(settled_stats(&app, &user_id).await.total_images, 2);

    // The parts must pair up with the items.
    let mismatch = send(
        json!([{"user_id": user_id, "prompt": "one"}, {"user_id": user_id, "prompt": "two"}]),
        vec![png(8, 8)],
    )
    .await
    .expect("request");
    assert!(error_of(mismatch, 400).await["message"]
        .as_str()
        .unwrap_or_default()
        .contains("2 metadata items but 1 image parts"));
    assert_eq!(count(&app, "images", &user_id).await, 2);
}
