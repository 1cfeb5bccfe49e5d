//! `/api/dashboard/user/`, `/profile/`, `/calls/`: shapes, filters, paging, and only the caller's own data.

use crate::helpers::{error_of, spawn_app, Signed, TestApp};
use serde_json::{json, Value};

/// Ingests `calls` for `user_id` through the ingestion API and waits for the counters.
pub async fn ingest_calls(app: &TestApp, user_id: &str, calls: &[(&str, &str, &str)]) {
    let key = app.api_key().await;
    let items: Vec<Value> = calls
        .iter()
        .enumerate()
        .map(|(i, (started_at, status, phone))| {
            json!({"user_id": user_id, "phone_number": phone, "status": status, "started_at": started_at,
                   "duration_seconds": 60 + i, "agent": "Ava", "satisfaction_rating": 4})
        })
        .collect();
    let response = app
        .client
        .post(app.url("/api/ingest/calls"))
        .header("x-api-key", key)
        .json(&items)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    app.settle().await;
}

async fn json_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200, "expected 200");
    response.json().await.expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_user_endpoint_needs_a_signed_in_user() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/profile/",
        "/calls/",
        "/calls/export.csv",
        "/settings/",
        "/preferences/",
        "/notifications/",
        "/calls/x/",
    ] {
        let response = app
            .client
            .get(app.url(&format!("/api/dashboard/user{path}")))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 401, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_dashboard_has_the_documented_shape() {
    let app = spawn_app().await;
    let ada: Signed = app.sign_in_as("ada@example.com").await;
    let now = chrono_like_now();
    ingest_calls(
        &app,
        &ada.user_id,
        &[
            (&now, "completed", "+14155550100"),
            (&now, "completed", "+14155550101"),
            (&now, "failed", "+14155550102"),
        ],
    )
    .await;
    for path in ["/api/dashboard/user/", "/api/dashboard/user"] {
        let body = json_of(ada.get(path).await).await;
        assert_eq!(body["user"]["email"], "ada@example.com");
        assert_eq!(body["user"]["full_name"], "Ada Lovelace");
        assert!(body["user"]["phone"].is_null() && body["user"]["avatar"].is_null());
        assert!(body["subscription"].is_null());
        let stats = &body["call_statistics"];
        assert_eq!(stats["total_calls"], 3);
        assert_eq!(stats["successful_calls"], 2);
        assert_eq!(stats["this_month_calls"], 3);
        assert_eq!(stats["success_rate"], 66.67);
        let recent = body["recent_calls"].as_array().expect("recent calls");
        assert_eq!(recent.len(), 3);
        assert_eq!(recent[0]["agent"]["name"], "Ava");
    }
}

/// Now as RFC 3339 (the tests only need "within this month").
fn chrono_like_now() -> String {
    dashboard::server::db::rfc3339(dashboard::server::db::now_ms() - 60_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_updates_merge_and_a_new_email_waits_for_verification() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    app.register("taken@example.com").await;
    let profile = json_of(
        ada.patch(
            "/api/dashboard/user/profile/",
            &json!({"first_name": "Ahmad", "phone": "+92 300 0000000"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (
            profile["first_name"].as_str(),
            profile["last_name"].as_str()
        ),
        (Some("Ahmad"), Some("Lovelace"))
    );
    assert_eq!(profile["phone"], "+923000000000");
    let profile = json_of(
        ada.patch(
            "/api/dashboard/user/profile",
            &json!({"email": "new@example.com"}),
        )
        .await,
    )
    .await;
    assert_eq!(profile["email"], "ada@example.com");
    assert_eq!(profile["pending_email"], "new@example.com");
    let taken = ada
        .patch(
            "/api/dashboard/user/profile/",
            &json!({"email": "taken@example.com"}),
        )
        .await;
    assert_eq!(error_of(taken, 409).await["code"], "conflict");
    let bad = ada
        .patch(
            "/api/dashboard/user/profile/",
            &json!({"phone": "0300", "first_name": " "}),
        )
        .await;
    let error = error_of(bad, 400).await;
    assert!(error["fields"]["phone"].is_array() && error["fields"]["first_name"].is_array());
    let unknown = ada
        .patch("/api/dashboard/user/profile/", &json!({"is_admin": true}))
        .await;
    assert_eq!(unknown.status(), 400);
    let cleared = json_of(
        ada.patch("/api/dashboard/user/profile/", &json!({"phone": null}))
            .await,
    )
    .await;
    assert!(cleared["phone"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_history_filters_pages_and_stays_private() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let grace = app.sign_in_as("grace@example.com").await;
    let calls: Vec<(String, &str, String)> = (0..25)
        .map(|i| {
            let status = ["completed", "failed", "missed"][i % 3];
            (
                format!("2026-01-{:02}T10:00:00Z", i + 1),
                status,
                format!("+1415555{:04}", 100 + i),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = calls
        .iter()
        .map(|(a, b, c)| (a.as_str(), *b, c.as_str()))
        .collect();
    ingest_calls(&app, &ada.user_id, &refs).await;
    ingest_calls(
        &app,
        &grace.user_id,
        &[("2026-01-05T10:00:00Z", "completed", "+14155559999")],
    )
    .await;

    let page1 = json_of(ada.get("/api/dashboard/user/calls/").await).await;
    assert_eq!(
        (
            page1["count"].as_i64(),
            page1["page"].as_i64(),
            page1["page_size"].as_i64(),
            page1["total_pages"].as_i64()
        ),
        (Some(25), Some(1), Some(20), Some(2))
    );
    assert_eq!(page1["results"].as_array().map(Vec::len), Some(20));
    assert_eq!(
        page1["results"][0]["started_at"], "2026-01-25T10:00:00Z",
        "newest first"
    );
    assert!(page1["previous"].is_null());
    let next = page1["next"].as_str().expect("next link");
    let page2 = json_of(ada.get(next).await).await;
    assert_eq!(page2["results"].as_array().map(Vec::len), Some(5));

    let missed = json_of(
        ada.get("/api/dashboard/user/calls/?status=missed&page_size=100")
            .await,
    )
    .await;
    assert_eq!(missed["count"], 8);
    assert!(missed["results"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|c| c["status"] == "missed"));
    let range = json_of(
        ada.get("/api/dashboard/user/calls/?date_from=2026-01-03&date_to=2026-01-05")
            .await,
    )
    .await;
    assert_eq!(range["count"], 3, "both ends inclusive");
    let search = json_of(ada.get("/api/dashboard/user/calls/?search=555-0107").await).await;
    assert_eq!(search["count"], 1);
    let by_status_word = json_of(ada.get("/api/dashboard/user/calls/?search=failed").await).await;
    assert_eq!(by_status_word["count"], 8);

    // Cursor paging walks the same rows in the same order, without counting.
    let mut seen = Vec::new();
    let mut url = "/api/dashboard/user/calls/?page_size=7&cursor=".to_owned();
    loop {
        let page = json_of(ada.get(&url).await).await;
        assert!(page["count"].is_null());
        seen.extend(
            page["results"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| c["id"].clone()),
        );
        match page["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 25);
    let all = json_of(ada.get("/api/dashboard/user/calls/?page_size=25").await).await;
    let ids: Vec<Value> = all["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(seen, ids);

    let one = &page1["results"][0];
    let detail = json_of(
        ada.get(&format!(
            "/api/dashboard/user/calls/{}/",
            one["id"].as_str().unwrap_or_default()
        ))
        .await,
    )
    .await;
    assert_eq!(&detail, one);
    let graces = json_of(grace.get("/api/dashboard/user/calls/").await).await;
    let grace_call = graces["results"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        ada.get(&format!("/api/dashboard/user/calls/{grace_call}/"))
            .await
            .status(),
        404
    );
    assert_eq!(graces["count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_call_filters_are_400_with_the_field() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    for (query, field) in [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=101", "page_size"),
        ("status=exploded", "status"),
        ("date_from=2026-13-01", "date_from"),
        ("date_to=%2B10000-12-31", "date_to"),
        ("date_from=2026-02-02&date_to=2026-02-01", "date_to"),
        ("cursor=not-a-cursor", "cursor"),
        ("search=%25%25", "search"),
    ] {
        let response = ada
            .get(&format!("/api/dashboard/user/calls/?{query}"))
            .await;
        let error = error_of(response, 400).await;
        assert!(
            error["fields"][field].is_array(),
            "{query} reports {field}: {error}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_are_days_in_the_users_time_zone() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    // 20:00Z on Jan 1st is already Jan 2nd in Karachi (+5).
    ingest_calls(
        &app,
        &ada.user_id,
        &[("2026-01-01T20:00:00Z", "completed", "+14155550100")],
    )
    .await;
    let utc = json_of(
        ada.get("/api/dashboard/user/calls/?date_from=2026-01-02&date_to=2026-01-02")
            .await,
    )
    .await;
    assert_eq!(utc["count"], 0);
    ada.set_timezone("Asia/Karachi").await;
    let karachi = json_of(
        ada.get("/api/dashboard/user/calls/?date_from=2026-01-02&date_to=2026-01-02")
            .await,
    )
    .await;
    assert_eq!(karachi["count"], 1);
}

/// The rows a filter lists, walked with the cursor (which never counts).
async fn listed(user: &Signed<'_>, filter: &str) -> usize {
    let mut url = format!("/api/dashboard/user/calls/?{filter}&page_size=100&cursor=");
    let mut n = 0;
    loop {
        let page = json_of(user.get(&url).await).await;
        n += page["results"].as_array().map_or(0, Vec::len);
        match page["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => return n,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_match_the_listed_rows_while_the_stats_worker_catches_up() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let key = app.api_key().await;
    let filters = [
        "",
        "status=failed",
        "date_from=2026-01-03&date_to=2026-01-05",
        "status=missed&date_from=2026-01-04",
        "date_to=2026-01-02",
    ];
    for round in 0..4 {
        if round == 2 {
            // Local days move: the counts follow the zone (the day rows are rebuilt for it).
            ada.set_timezone("Asia/Karachi").await;
        }
        let items: Vec<Value> = (0..30)
            .map(|i| {
                let status = ["completed", "failed", "missed"][(i + round) % 3];
                json!({"user_id": ada.user_id, "phone_number": "+14155550100", "status": status,
                       "started_at": format!("2026-01-{:02}T{:02}:30:00Z", 1 + i % 7, (i * 5 + round) % 24),
                       "duration_seconds": 60})
            })
            .collect();
        let response = app
            .client
            .post(app.url("/api/ingest/calls"))
            .header("x-api-key", &key)
            .json(&items)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201);
        // No settling: some of these calls may still be in the outbox when they are counted.
        for filter in filters {
            let page = json_of(
                ada.get(&format!("/api/dashboard/user/calls/?{filter}"))
                    .await,
            )
            .await;
            assert_eq!(
                page["count"].as_u64(),
                Some(listed(&ada, filter).await as u64),
                "round {round}, filter {filter:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_export_has_the_filtered_rows() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    ingest_calls(
        &app,
        &ada.user_id,
        &[
            ("2026-01-01T10:00:00Z", "completed", "+14155550100"),
            ("2026-01-02T10:00:00Z", "missed", "+14155550101"),
            ("2026-01-03T10:00:00Z", "missed", "+14155550102"),
        ],
    )
    .await;
    let response = ada
        .get("/api/dashboard/user/calls/export.csv?status=missed")
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/csv"));
    let text = response.text().await.expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("id,started_at,phone_number"));
    assert!(lines[1].contains("+14155550102") && lines[2].contains("+14155550101"));
}
