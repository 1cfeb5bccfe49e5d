//! `dashboard seed-bulk`: the real command fills the test's database; every counter and rollup then equals
//! what the stored calls say, and the bulk users' dashboards read them.

use crate::helpers::{spawn_app, TestApp, JWT_SECRET};
use dashboard::server::db::Db;
use serde_json::{json, Value};
use std::process::Command;

const CALLS: i64 = 2_345;
const TOKEN_EVENTS: i64 = 1_234;

/// One number from `sql` (PostgreSQL's SUM of BIGINT is NUMERIC, hence the cast).
async fn scalar(db: &Db, sql: &str, user_id: &str) -> i64 {
    let sql = format!("SELECT CAST(({sql}) AS BIGINT)");
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(&sql).bind(user_id).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(&sql).bind(user_id).fetch_one(pool).await,
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Runs `dashboard seed-bulk` on the app's database and returns the (id, email) of each user it made.
fn seed_bulk(app: &TestApp, users: usize) -> Vec<(String, String)> {
    seed_bulk_of(app, users, CALLS, TOKEN_EVENTS)
}

fn seed_bulk_of(app: &TestApp, users: usize, calls: i64, tokens: i64) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_dashboard"))
        .args(["seed-bulk", "--users", &users.to_string()])
        .args(["--calls-per-user", &calls.to_string()])
        .args(["--tokens-per-user", &tokens.to_string()])
        .args(["--password", "bulk password 2026"])
        .env("DATABASE_URL", &app.database_url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run seed-bulk");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let summary = format!(
        "{} calls and {} token events in",
        calls * users as i64,
        tokens * users as i64
    );
    assert!(stdout.contains(&summary), "{stdout}");
    stdout
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, email)| email.ends_with("@example.com"))
        .map(|(id, email)| (id.to_owned(), email.to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_bulk_writes_calls_whose_counters_and_rollups_are_exact() {
    let app = spawn_app().await;
    let users = seed_bulk(&app, 2);
    assert_eq!(users.len(), 2);
    let db = &app.db;
    let q = |sql: &'static str, user: &str| {
        let user = user.to_owned();
        async move { scalar(db, sql, &user).await }
    };

    for (user_id, _) in &users {
        let calls = q("SELECT COUNT(*) FROM calls WHERE user_id = $1", user_id).await;
        assert_eq!(calls, CALLS);
        let completed = q(
            "SELECT COUNT(*) FROM calls WHERE user_id = $1 AND status = 'completed'",
            user_id,
        )
        .await;
        // The plan's mix: 85% completed, the rest failed or missed (all three appear).
        assert!(
            (CALLS * 78 / 100..CALLS * 92 / 100).contains(&completed),
            "{completed}"
        );
        for status in ["failed", "missed"] {
            let sql =
                format!("SELECT COUNT(*) FROM calls WHERE user_id = $1 AND status = '{status}'");
            assert!(scalar(db, &sql, user_id).await > 0, "{status}");
        }
        // Only completed calls have a duration and a rating.
        let odd = q(
            "SELECT COUNT(*) FROM calls WHERE user_id = $1 AND status <> 'completed'
             AND (duration_seconds <> 0 OR satisfaction_rating IS NOT NULL)",
            user_id,
        )
        .await;
        assert_eq!(odd, 0);

        assert_eq!(
            q(
                "SELECT total_calls FROM user_stats WHERE user_id = $1",
                user_id
            )
            .await,
            calls
        );
        assert_eq!(
            q(
                "SELECT successful_calls FROM user_stats WHERE user_id = $1",
                user_id
            )
            .await,
            completed
        );
        assert_eq!(
            q(
                "SELECT SUM(calls) FROM call_rollups WHERE user_id = $1",
                user_id
            )
            .await,
            calls
        );
        assert_eq!(
            q(
                "SELECT SUM(completed) FROM call_rollups WHERE user_id = $1",
                user_id
            )
            .await,
            completed
        );
        assert_eq!(
            q(
                "SELECT SUM(duration_seconds) FROM call_rollups WHERE user_id = $1",
                user_id
            )
            .await,
            q(
                "SELECT SUM(duration_seconds) FROM calls WHERE user_id = $1",
                user_id
            )
            .await
        );
        assert_eq!(
            q(
                "SELECT SUM(rating_1 + rating_2 + rating_3 + rating_4 + rating_5) FROM call_rollups
                 WHERE user_id = $1",
                user_id
            )
            .await,
            q(
                "SELECT COUNT(satisfaction_rating) FROM calls WHERE user_id = $1",
                user_id
            )
            .await
        );
        assert_eq!(
            q(
                "SELECT COUNT(*) FROM agent_usage WHERE user_id = $1",
                user_id
            )
            .await,
            q(
                "SELECT COUNT(*) FROM (SELECT DISTINCT started_at - started_at % 900000, agent_id
                 FROM calls WHERE user_id = $1) d",
                user_id
            )
            .await
        );
    }
    for (user_id, _) in &users {
        assert_eq!(
            q(
                "SELECT COUNT(*) FROM token_usage WHERE user_id = $1",
                user_id
            )
            .await,
            TOKEN_EVENTS
        );
        let tokens = q(
            "SELECT SUM(prompt_tokens + completion_tokens) FROM token_usage WHERE user_id = $1",
            user_id,
        )
        .await;
        assert_eq!(
            q(
                "SELECT total_tokens FROM user_stats WHERE user_id = $1",
                user_id
            )
            .await,
            tokens
        );
        assert_eq!(
            q(
                "SELECT SUM(prompt_tokens + completion_tokens) FROM token_rollups WHERE user_id = $1",
                user_id
            )
            .await,
            tokens
        );
        assert_eq!(
            q(
                "SELECT SUM(events) FROM token_rollups WHERE user_id = $1",
                user_id
            )
            .await,
            TOKEN_EVENTS
        );
        let models = q(
            "SELECT COUNT(DISTINCT model) FROM token_usage WHERE user_id = $1",
            user_id,
        )
        .await;
        assert_eq!(models, 3);
    }
    // Ids are unique across users (the primary key would have refused a duplicate) and shaped like UUIDs.
    let total = scalar(db, "SELECT COUNT(*) FROM calls WHERE user_id <> $1", "").await;
    assert_eq!(total, 2 * CALLS);

    // The bulk user's dashboard reads the seeded numbers, and a call from the history opens.
    let (_, email) = &users[0];
    let login = app
        .post_json(
            "/api/auth/login",
            &json!({"email": email, "password": "bulk password 2026"}),
        )
        .await;
    assert_eq!(login.status(), 200);
    let token = login.json::<Value>().await.expect("json")["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let dashboard: Value = app
        .get_with_token("/api/dashboard/user/", &token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(dashboard["call_statistics"]["total_calls"], CALLS);
    let overview: Value = app
        .get_with_token("/api/dashboard/overview/", &token)
        .await
        .json()
        .await
        .expect("json");
    let tokens = scalar(
        db,
        "SELECT SUM(prompt_tokens + completion_tokens) FROM token_usage WHERE user_id = $1",
        &users[0].0,
    )
    .await;
    assert_eq!(overview["stats"]["totalTokensUsed"], tokens);
    let page: Value = app
        .get_with_token("/api/dashboard/user/calls/?page_size=5", &token)
        .await
        .json()
        .await
        .expect("json");
    let first = &page["results"][0];
    let id = first["id"].as_str().expect("id");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    let detail = app
        .get_with_token(&format!("/api/dashboard/user/calls/{id}/"), &token)
        .await;
    assert_eq!(detail.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_bulk_makes_users_without_calls_too() {
    let app = spawn_app().await;
    let users = seed_bulk_of(&app, 1, 0, 0);
    let (user_id, _) = &users[0];
    let sql =
        "SELECT total_calls + successful_calls + total_tokens FROM user_stats WHERE user_id = $1";
    assert_eq!(scalar(&app.db, sql, user_id).await, 0);
}
