//! The operator's view: liveness and readiness probes, and Prometheus metrics on their own listener.

use crate::helpers::{spawn_app, spawn_with, TestApp};
use dashboard::server::db::Db;
use serde_json::Value;

async fn probe(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.client.get(app.url(path)).send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("probes answer JSON"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migrated_node_is_alive_and_ready() {
    let app = spawn_app().await;
    let (status, body) = probe(&app, "/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["pending_migrations"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_missing_a_migration_is_not_ready() {
    let app = spawn_app().await;
    let sql =
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)";
    match &app.db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .expect("forget the last migration");
    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["checks"]["pending_migrations"], 1);
    // Alive all the same: restarting the process would not help.
    assert_eq!(probe(&app, "/healthz").await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_without_its_database_is_alive_but_not_ready() {
    let app = spawn_app().await;
    dashboard::server::db::ops::close(&app.db).await;
    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["checks"]["database"], "unavailable");
    assert_eq!(probe(&app, "/healthz").await.0, 200);
}

/// The value of the sample whose name and labels are exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_and_status_on_their_own_listener() {
    let app = spawn_with(|s| s.ops.metrics_addr = Some("127.0.0.1:0".parse().expect("addr"))).await;
    let metrics_url = format!(
        "{}/metrics",
        app.metrics_address.as_deref().expect("a metrics listener")
    );
    let user = app.sign_in_as("ada@example.com").await;
    for _ in 0..3 {
        assert_eq!(
            user.get("/api/dashboard/user/calls/no-such-call")
                .await
                .status(),
            404
        );
    }
    let anonymous = app
        .client
        .get(app.url("/api/auth/me"))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), 401);

    let scrape = app.client.get(&metrics_url).send().await.expect("scrape");
    assert_eq!(scrape.status(), 200);
    assert!(header_starts(&scrape, "text/plain"));
    let text = scrape.text().await.expect("text");
    // By the matched pattern, not the raw path: ids never become series of their own.
    let calls =
        r#"http_requests_total{method="GET",route="/api/dashboard/user/calls/{id}",status="404"}"#;
    assert_eq!(sample(&text, calls), Some(3.0), "{text}");
    let me = r#"http_requests_total{method="GET",route="/api/auth/me",status="401"}"#;
    assert_eq!(sample(&text, me), Some(1.0), "{text}");
    assert!(!text.contains("no-such-call"));
    let latency = r#"http_request_duration_seconds_count{method="GET",route="/api/auth/me"}"#;
    // sign_in_as read /me once with its token (200), then the anonymous 401: two timings.
    assert_eq!(sample(&text, latency), Some(2.0), "{text}");
    let open = sample(&text, r#"db_pool_connections{state="open"}"#).expect("pool size");
    assert!(open >= 1.0, "{text}");
    assert!(sample(&text, r#"db_pool_connections{state="idle"}"#).is_some());
    assert!(sample(&text, "stats_outbox_pending").is_some(), "{text}");
    assert!(sample(&text, "stats_outbox_oldest_age_milliseconds").is_some());

    // The public listener does not serve them.
    let public = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("request");
    assert_ne!(public.status(), 200);
}

fn header_starts(response: &reqwest::Response, prefix: &str) -> bool {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(prefix))
}
