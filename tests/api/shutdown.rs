//! Graceful shutdown of the real binary: SIGTERM in the middle of a burst of ingests. Every batch that was
//! acknowledged must be stored, the stats outbox must be drained before the process exits, the counters must
//! be exact after a restart — and every log line written for a request carries that request's id.

use crate::crash::{command, counts, free_port, start, Server};
use crate::helpers::PASSWORD;
use dashboard::server::db::Db;
use serde_json::{json, Value};
use std::{
    io::{BufRead, BufReader},
    process::Stdio,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

const BATCHES: usize = 40;
const PER_BATCH: usize = 100;

/// The binary with JSON logs, its stdout collected by a thread (a full pipe would stall the server).
async fn start_logging(
    database_url: &str,
    dir: &std::path::Path,
) -> (Server, std::thread::JoinHandle<Vec<String>>) {
    let port = free_port();
    let mut child = command(database_url, dir)
        .env("SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info,sqlx=warn")
        .stdout(Stdio::piped())
        .arg("serve")
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let lines = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect()
    });
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{url}/healthz")).await.is_ok() {
            return (Server { child, url }, lines);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

async fn chats_titled(database_url: &str, prefix: &str) -> i64 {
    let db = Db::connect(database_url).await.expect("connect");
    let sql = "SELECT COUNT(*) FROM chat_sessions WHERE title LIKE $1";
    let pattern = format!("{prefix}%");
    match &db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(pattern).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(pattern).fetch_one(pool).await,
    }
    .expect("count")
}

fn terminate(server: &Server) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_burst_loses_no_acknowledged_write_and_drains_the_outbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = crate::helpers::fresh_database_url(&dir).await;
    let created = command(&database_url, dir.path())
        .args(["api-key", "create", "--name", "shutdown"])
        .stdout(Stdio::piped())
        .output()
        .expect("api-key");
    let out = String::from_utf8_lossy(&created.stdout);
    let key = out
        .lines()
        .find_map(|l| l.strip_prefix("key: "))
        .expect("the key is printed")
        .trim()
        .to_owned();

    let (mut server, logs) = start_logging(&database_url, dir.path()).await;
    let client = reqwest::Client::new();
    let request_id = "shutdown-test-register-1";
    let registered = client
        .post(format!("{}/api/auth/register", server.url))
        .header("x-request-id", request_id)
        .json(&json!({"email": "ada@example.com", "password": PASSWORD, "first_name": "Ada"}))
        .send()
        .await
        .expect("register");
    assert_eq!(registered.headers()["x-request-id"], request_id);
    let user: Value = registered.json().await.expect("json");
    let user_id = user["id"].as_str().expect("id").to_owned();

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut deliveries = tokio::task::JoinSet::new();
    for batch in 0..BATCHES {
        let (client, url, key, user_id) = (
            client.clone(),
            server.url.clone(),
            key.clone(),
            user_id.clone(),
        );
        let acknowledged = acknowledged.clone();
        deliveries.spawn(async move {
            let items: Vec<Value> = (0..PER_BATCH)
                .map(|i| json!({"user_id": user_id, "title": format!("b{batch}-{i}")}))
                .collect();
            let response = client
                .post(format!("{url}/api/ingest/chats"))
                .header("x-api-key", key)
                .json(&items)
                .send()
                .await;
            let ok = matches!(&response, Ok(r) if r.status().is_success());
            if ok {
                acknowledged.fetch_add(1, Ordering::SeqCst);
            }
            (batch, ok)
        });
    }
    for _ in 0..1000 {
        if acknowledged.load(Ordering::SeqCst) >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    terminate(&server);
    let mut acked = Vec::new();
    while let Some(done) = deliveries.join_next().await {
        let (batch, ok) = done.expect("delivery task");
        if ok {
            acked.push(batch);
        }
    }
    let mut exited = None;
    for _ in 0..600 {
        if let Some(status) = server.child.try_wait().expect("wait") {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let Some(status) = exited else {
        let _ = server.child.kill();
        panic!("the server did not exit within 30 s of SIGTERM");
    };
    assert!(status.success(), "a clean exit: {status:?}");
    let logs = logs.join().expect("log reader");

    // Before any restart: every acknowledged batch is there whole, and the outbox was folded in on the way out.
    for batch in &acked {
        assert_eq!(
            chats_titled(&database_url, &format!("b{batch}-")).await,
            PER_BATCH as i64,
            "batch {batch}"
        );
    }
    let (rows, counted, pending) = counts(&database_url, &user_id).await;
    eprintln!(
        "SIGTERM mid-burst: {} of {BATCHES} batches acknowledged, {rows} rows stored",
        acked.len()
    );
    assert!(acked.len() >= 2);
    assert_eq!(pending, 0, "the outbox is drained before exit");
    assert_eq!(counted, rows, "the counters are exact");
    assert_eq!(
        rows % PER_BATCH as i64,
        0,
        "a batch is stored whole or not at all"
    );

    // Restarted, nothing changes: nothing was left half-done.
    let mut server = start(&database_url, dir.path()).await;
    let after = counts(&database_url, &user_id).await;
    let _ = server.child.kill();
    let _ = server.child.wait();
    assert_eq!(after, (rows, rows, 0));

    // The request's lines carry its id, and every line inside a request span carries one.
    let parsed: Vec<Value> = logs
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert!(!parsed.is_empty(), "JSON log lines: {logs:?}");
    let ours: Vec<&Value> = parsed
        .iter()
        .filter(|line| line["span"]["request_id"] == request_id)
        .collect();
    assert!(!ours.is_empty(), "the register request's lines: {logs:?}");
    assert!(ours
        .iter()
        .any(|l| l["span"]["uri"] == "/api/auth/register"));
    for line in parsed.iter().filter(|l| l["span"]["name"] == "request") {
        let id = line["span"]["request_id"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "a request line without an id: {line}");
    }
    assert!(
        parsed
            .iter()
            .any(|l| l["message"] == "stats outbox drained"),
        "{logs:?}"
    );
}
