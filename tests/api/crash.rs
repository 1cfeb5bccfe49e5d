//! The stats outbox across a crash: the real binary is killed (SIGKILL) in the middle of a burst of ingests,
//! restarted, and the counters must then equal the rows — nothing acknowledged lost, nothing counted twice.

use crate::helpers::{fresh_database_url, JWT_SECRET, PASSWORD};
use serde_json::{json, Value};
use std::{
    process::{Child, Command, Stdio},
    time::Duration,
};

pub(crate) struct Server {
    pub child: Child,
    pub url: String,
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub(crate) fn command(database_url: &str, dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dashboard"));
    command
        .env("DATABASE_URL", database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("DATA_DIR", dir)
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

pub(crate) async fn start(database_url: &str, dir: &std::path::Path) -> Server {
    let port = free_port();
    let mut child = command(database_url, dir)
        .env("SITE_ADDR", format!("127.0.0.1:{port}"))
        .arg("serve")
        .spawn()
        .expect("spawn");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{url}/api/nothing")).await.is_ok() {
            return Server { child, url };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

pub(crate) async fn counts(database_url: &str, user_id: &str) -> (i64, i64, i64) {
    let db = dashboard::server::db::Db::connect(database_url)
        .await
        .expect("connect");
    let rows = dashboard::server::db::stats::chat_rows(&db, user_id)
        .await
        .expect("count");
    let stats = dashboard::server::db::stats::user_stats(&db, user_id)
        .await
        .expect("stats");
    let pending = dashboard::server::db::stats::pending(&db)
        .await
        .expect("pending");
    (rows, stats.total_chats, pending)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_equal_rows_after_the_server_is_killed_mid_burst() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database_url(&dir).await;
    let created = command(&database_url, dir.path())
        .args(["api-key", "create", "--name", "crash"])
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

    let mut server = start(&database_url, dir.path()).await;
    let client = reqwest::Client::new();
    let user: Value = client
        .post(format!("{}/api/auth/register", server.url))
        .json(&json!({"email": "ada@example.com", "password": PASSWORD, "first_name": "Ada"}))
        .send()
        .await
        .expect("register")
        .json()
        .await
        .expect("json");
    let user_id = user["id"].as_str().expect("id").to_owned();

    // A burst of batches; the server is killed while they are in flight.
    let stored = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut deliveries = tokio::task::JoinSet::new();
    for batch in 0..40 {
        let (client, url, key, user_id) = (
            client.clone(),
            server.url.clone(),
            key.clone(),
            user_id.clone(),
        );
        let stored = stored.clone();
        deliveries.spawn(async move {
            let items: Vec<Value> = (0..250)
                .map(|i| json!({"user_id": user_id, "title": format!("{batch}-{i}")}))
                .collect();
            let response = client
                .post(format!("{url}/api/ingest/chats"))
                .header("x-api-key", key)
                .json(&items)
                .send()
                .await;
            let ok = matches!(response, Ok(r) if r.status() == 201);
            if ok {
                stored.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            ok
        });
    }
    // Kill as soon as the first batches are acknowledged: the rest are in flight or not yet sent. On a busy
    // machine the first acknowledgements can take seconds, so the wait is long; it ends at the second one.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while stored.load(std::sync::atomic::Ordering::SeqCst) < 2
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.child.kill().expect("kill");
    let _ = server.child.wait();
    let mut acknowledged = 0;
    while let Some(done) = deliveries.join_next().await {
        acknowledged += usize::from(done.unwrap_or(false));
    }

    // Restarted, the worker applies what the crash left pending.
    let mut server = start(&database_url, dir.path()).await;
    let mut last = (0, 0, 0);
    for _ in 0..100 {
        last = counts(&database_url, &user_id).await;
        if last.2 == 0 && last.0 == last.1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = server.child.kill();
    let _ = server.child.wait();
    let (rows, counted, pending) = last;
    eprintln!("killed mid-burst: {acknowledged} of 40 batches acknowledged, {rows} rows stored, counter {counted}");
    assert_eq!(pending, 0, "every event is applied after the restart");
    assert_eq!(
        counted, rows,
        "the counter equals the rows: nothing lost, nothing doubled"
    );
    assert!(
        acknowledged >= 2,
        "the kill came after some batches were stored"
    );
    assert!(
        rows >= acknowledged as i64 * 250,
        "every acknowledged batch is stored ({rows} rows, {acknowledged} batches acknowledged)"
    );
    assert_eq!(rows % 250, 0, "a batch is stored whole or not at all");
}
