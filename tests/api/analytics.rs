//! Usage analytics: series bucketed in the user's time zone (half-hour zones, DST), model shares, call
//! statistics, the activity timeline, CSV.

use crate::helpers::{error_of, spawn_app, Signed, TestApp};
use serde_json::{json, Value};

async fn tokens_at(app: &TestApp, user: &Signed<'_>, items: &[(&str, &str, i64)]) {
    let key = app.api_key().await;
    let body: Vec<Value> = items
        .iter()
        .map(|(at, model, n)| json!({"user_id": user.user_id, "model": model, "prompt_tokens": n, "completion_tokens": 1, "occurred_at": at}))
        .collect();
    let response = app
        .client
        .post(app.url("/api/ingest/token-usage"))
        .header("x-api-key", key)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    app.settle().await;
}

async fn requests_per_day(user: &Signed<'_>, from: &str, to: &str) -> Vec<(String, i64)> {
    let series: Value = user
        .get(&format!(
            "/api/dashboard/usage/tokens/?from={from}&to={to}&bucket=day"
        ))
        .await
        .json()
        .await
        .expect("json");
    series["points"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["date"].as_str().unwrap_or_default().to_owned(),
                p["requests"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

fn days(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected
        .iter()
        .map(|(d, n)| ((*d).to_owned(), *n))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn days_follow_half_and_three_quarter_hour_zones() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    tokens_at(
        &app,
        &ada,
        &[
            ("2026-01-01T18:14:00Z", "m", 1),
            ("2026-01-01T18:15:00Z", "m", 1),
            ("2026-01-01T18:29:00Z", "m", 1),
            ("2026-01-01T18:30:00Z", "m", 1),
        ],
    )
    .await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 4), ("2026-01-02", 0)])
    );
    ada.set_timezone("Asia/Kolkata").await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 3), ("2026-01-02", 1)])
    );
    ada.set_timezone("Asia/Kathmandu").await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 1), ("2026-01-02", 3)])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn days_stay_exact_across_dst_changes() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    ada.set_timezone("America/New_York").await;
    // Spring forward on 2026-03-08: that local day is 23 hours long (EST -5 until 02:00, then EDT -4).
    tokens_at(
        &app,
        &ada,
        &[
            ("2026-03-08T04:59:00Z", "m", 1),
            ("2026-03-08T05:00:00Z", "m", 1),
            ("2026-03-09T03:59:00Z", "m", 1),
            ("2026-03-09T04:00:00Z", "m", 1),
        ],
    )
    .await;
    assert_eq!(
        requests_per_day(&ada, "2026-03-07", "2026-03-09").await,
        days(&[("2026-03-07", 1), ("2026-03-08", 2), ("2026-03-09", 1)])
    );
    let series: Value = ada
        .get("/api/dashboard/usage/tokens/?from=2026-03-08&to=2026-03-09")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(series["points"][0]["start"], "2026-03-08T00:00:00-05:00");
    assert_eq!(series["points"][1]["start"], "2026-03-09T00:00:00-04:00");
    // Fall back on 2026-11-01: a 25-hour day.
    tokens_at(
        &app,
        &ada,
        &[
            ("2026-11-01T04:00:00Z", "m", 1),
            ("2026-11-02T04:59:00Z", "m", 1),
            ("2026-11-02T05:00:00Z", "m", 1),
        ],
    )
    .await;
    assert_eq!(
        requests_per_day(&ada, "2026-11-01", "2026-11-02").await,
        days(&[("2026-11-01", 2), ("2026-11-02", 1)])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weeks_months_models_and_csv() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    tokens_at(
        &app,
        &ada,
        &[
            ("2026-02-02T10:00:00Z", "gpt-4o", 99),
            ("2026-02-08T10:00:00Z", "claude", 49),
            ("2026-02-09T10:00:00Z", "gpt-4o", 299),
        ],
    )
    .await;
    let weeks: Value = ada
        .get("/api/dashboard/usage/tokens/?from=2026-02-04&to=2026-02-10&bucket=week")
        .await
        .json()
        .await
        .expect("json");
    let points = weeks["points"].as_array().expect("points");
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["date"], "2026-02-02", "weeks start on Monday");
    assert_eq!(
        (
            points[0]["totalTokens"].as_i64(),
            points[1]["totalTokens"].as_i64()
        ),
        (Some(150), Some(300))
    );
    let month: Value = ada
        .get("/api/dashboard/usage/tokens/?from=2026-02-01&to=2026-02-28&bucket=month&model=gpt-4o")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(month["points"][0]["totalTokens"], 400);
    assert_eq!(month["model"], "gpt-4o");
    let models: Value = ada
        .get("/api/dashboard/usage/models/?from=2026-02-01&to=2026-02-28")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(models["totalTokens"], 450);
    assert_eq!(models["models"][0]["model"], "gpt-4o");
    assert_eq!(models["models"][0]["share"], 88.89);
    assert_eq!(models["models"][1]["share"], 11.11);
    let csv = ada
        .get("/api/dashboard/usage/tokens.csv?from=2026-02-08&to=2026-02-09")
        .await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].starts_with("2026-02-08,") && lines[1].ends_with(",50,1"),
        "{text}"
    );
    for (query, field) in [
        ("bucket=hour", "bucket"),
        ("from=2026-02-30", "from"),
        ("from=2026-03-01&to=2026-02-01", "to"),
        ("from=2000-01-01&to=2026-01-01", "from"),
    ] {
        let error = error_of(
            ada.get(&format!("/api/dashboard/usage/tokens/?{query}"))
                .await,
            400,
        )
        .await;
        assert!(error["fields"][field].is_array(), "{query}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_statistics_per_bucket() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    crate::dashboard::ingest_calls(
        &app,
        &ada.user_id,
        &[
            ("2026-01-05T10:00:00Z", "completed", "+14155550100"),
            ("2026-01-05T11:00:00Z", "failed", "+14155550101"),
            ("2026-01-06T10:00:00Z", "missed", "+14155550102"),
        ],
    )
    .await;
    let series: Value = ada
        .get("/api/dashboard/user/calls/stats/?from=2026-01-05&to=2026-01-06")
        .await
        .json()
        .await
        .expect("json");
    let day = &series["points"][0];
    assert_eq!(
        (
            day["calls"].as_i64(),
            day["completed"].as_i64(),
            day["failed"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(day["successRate"], 50.0);
    assert_eq!(day["averageDuration"], 60.5);
    assert_eq!(day["ratings"], json!([0, 0, 0, 2, 0]));
    assert_eq!(series["points"][1]["missed"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_merges_everything_and_pages_by_cursor() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let key = app.api_key().await;
    let chats: Vec<Value> = (0..25).map(|i| json!({"user_id": ada.user_id, "title": format!("chat {i}"), "created_at": format!("2026-01-01T00:{i:02}:00Z")})).collect();
    app.client
        .post(app.url("/api/ingest/chats"))
        .header("x-api-key", &key)
        .json(&chats)
        .send()
        .await
        .expect("request");
    crate::dashboard::ingest_calls(
        &app,
        &ada.user_id,
        &[("2026-01-01T00:30:00Z", "completed", "+14155550100")],
    )
    .await;
    let mut kinds = Vec::new();
    let mut url = "/api/dashboard/activity/".to_owned();
    loop {
        let page: Value = ada.get(&url).await.json().await.expect("json");
        kinds.extend(
            page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| i["kind"].as_str().unwrap_or_default().to_owned()),
        );
        match page["nextCursor"].as_str() {
            Some(cursor) => url = format!("/api/dashboard/activity/?cursor={cursor}"),
            None => break,
        }
    }
    // The sign-in of this test session is newest, then the call at 00:30, then the 25 chats.
    assert_eq!(kinds.len(), 27);
    assert_eq!(kinds[0], "security");
    assert_eq!(kinds[1], "call");
    assert!(kinds[2..].iter().all(|k| k == "chat"));
    assert!(
        error_of(ada.get("/api/dashboard/activity/?cursor=bm9wZQ").await, 400).await["fields"]
            ["cursor"]
            .is_array()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_that_arrive_while_the_user_is_in_another_zone_count_after_moving_back() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    tokens_at(&app, &ada, &[("2026-01-01T10:00:00Z", "m", 1)]).await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-01").await,
        days(&[("2026-01-01", 1)])
    );
    // Away to another zone, with no read there: the worker cannot add this event to the UTC day rows.
    ada.set_timezone("Asia/Tokyo").await;
    tokens_at(&app, &ada, &[("2026-01-01T11:00:00Z", "m", 1)]).await;
    ada.set_timezone("UTC").await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-01").await,
        days(&[("2026-01-01", 2)])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn day_rollups_take_new_events_and_rebuild_for_a_new_zone() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    tokens_at(
        &app,
        &ada,
        &[
            ("2026-01-01T23:30:00Z", "m", 1),
            ("2026-01-01T23:44:00Z", "m", 1),
        ],
    )
    .await;
    // The first read builds the day rows (UTC).
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 2), ("2026-01-02", 0)])
    );
    // Later events are added to those rows by the stats worker.
    tokens_at(
        &app,
        &ada,
        &[
            ("2026-01-02T00:10:00Z", "m", 1),
            ("2026-01-01T10:00:00Z", "n", 1),
        ],
    )
    .await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 3), ("2026-01-02", 1)])
    );
    // A new zone, and an event before the next read: the rows are rebuilt for the zone with every event.
    ada.set_timezone("Asia/Kolkata").await;
    tokens_at(&app, &ada, &[("2026-01-01T18:00:00Z", "m", 1)]).await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 2), ("2026-01-02", 3)])
    );
    // And the worker adds to the rebuilt rows.
    tokens_at(&app, &ada, &[("2026-01-02T18:29:00Z", "m", 1)]).await;
    assert_eq!(
        requests_per_day(&ada, "2026-01-01", "2026-01-02").await,
        days(&[("2026-01-01", 2), ("2026-01-02", 4)])
    );
    let models: Value = ada
        .get("/api/dashboard/usage/models/?from=2026-01-01&to=2026-01-02")
        .await
        .json()
        .await
        .expect("json");
    let shares: Vec<(String, i64)> = models["models"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            (
                m["model"].as_str().unwrap_or_default().to_owned(),
                m["promptTokens"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(shares, [("m".to_owned(), 5), ("n".to_owned(), 1)]);
}
