//! `GET /api/dashboard/user/export-data/`: the ZIP's entries and rows, the JSON document, isolation between
//! users, and a large export streamed in full.

mod seed;

use crate::helpers::{error_of, ms, spawn_app, Signed};
use seed::{execute, seed};
use serde_json::Value;
use std::{collections::BTreeMap, io::Read};

const EXPORT: &str = "/api/dashboard/user/export-data/";

async fn export(user: &Signed<'_>, query: &str) -> reqwest::Response {
    let response = user.get(&format!("{EXPORT}{query}")).await;
    assert_eq!(response.status(), 200);
    response
}

/// Every entry of the archive, by name.
async fn unzip(response: reqwest::Response) -> BTreeMap<String, Vec<u8>> {
    let bytes = response.bytes().await.expect("the whole body");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid ZIP");
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("entry data");
        entries.insert(entry.name().to_owned(), data);
    }
    entries
}

/// The header and records of a CSV entry.
fn csv_rows(
    entries: &BTreeMap<String, Vec<u8>>,
    name: &str,
) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(entries[name].as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.expect("record").iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn json_lines(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<Value> {
    std::str::from_utf8(&entries[name])
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_needs_a_signed_in_user() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url(EXPORT))
        .send()
        .await
        .expect("request");
    assert_eq!(error_of(response, 401).await["code"], "unauthorized");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_zip_holds_every_section_with_the_rows_that_were_ingested() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let image = seed(&app, &key, &ada, "ada").await;
    let avatar = reqwest::multipart::Form::new().part(
        "avatar",
        reqwest::multipart::Part::bytes(seed::png(400, 400, 0)).file_name("me.png"),
    );
    let uploaded = app
        .client
        .post(app.url("/api/dashboard/user/avatar/"))
        .bearer_auth(&ada.token)
        .multipart(avatar)
        .send()
        .await
        .expect("request");
    assert_eq!(uploaded.status(), 200);
    let response = export(&ada, "").await;
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(headers["cache-control"], "no-store");
    let disposition = headers["content-disposition"].to_str().expect("ascii");
    let date = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"dashboard-export-{date}.zip\"")
    );
    let entries = unzip(response).await;

    let mut expected = vec!["README.txt".to_owned(), "avatar.jpg".to_owned()];
    for one in ["profile", "settings", "subscription"] {
        expected.extend([format!("{one}.json"), format!("{one}.csv")]);
    }
    for table in [
        "invoices",
        "payment_methods",
        "calls",
        "chats",
        "images",
        "token_usage",
        "notifications",
        "sessions",
        "support_tickets",
    ] {
        expected.extend([format!("{table}.csv"), format!("{table}.jsonl")]);
    }
    let (_, images) = csv_rows(&entries, "images.csv");
    assert_eq!(images.len(), 1);
    let file = images[0]["file"].clone();
    assert_eq!(file, format!("images/{}.png", images[0]["id"]));
    expected.push(file.clone());
    let mut names: Vec<&String> = entries.keys().collect();
    let mut expected: Vec<&String> = expected.iter().collect();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(entries[&file], image, "the image file is the one ingested");

    let (header, calls) = csv_rows(&entries, "calls.csv");
    assert_eq!(
        header,
        [
            "id",
            "phone_number",
            "direction",
            "status",
            "started_at",
            "duration_seconds",
            "agent",
            "satisfaction_rating",
            "recording_url",
            "summary"
        ]
    );
    let statuses: Vec<&str> = calls.iter().map(|c| c["status"].as_str()).collect();
    assert_eq!(statuses, ["completed", "failed", "missed"]);
    assert_eq!(calls[1]["phone_number"], "+14155550101");
    assert_eq!(calls[1]["started_at"], "2026-01-22T09:30:00Z");
    assert_eq!(calls[1]["duration_seconds"], "60");
    assert_eq!(calls[1]["agent"], "Ava");
    assert_eq!(
        calls[2]["summary"],
        "ada call 2, with \"quotes\", commas\nand a new line"
    );
    let lines = json_lines(&entries, "calls.jsonl");
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["summary"], calls[2]["summary"].as_str());
    assert_eq!(lines[0]["id"], calls[0]["id"].as_str());

    let (_, chats) = csv_rows(&entries, "chats.csv");
    assert_eq!(
        chats
            .iter()
            .map(|c| c["title"].as_str())
            .collect::<Vec<_>>(),
        ["ada chat one", "ada chat two"]
    );
    let (_, usage) = csv_rows(&entries, "token_usage.csv");
    assert_eq!(usage.len(), 2);
    assert!(usage
        .iter()
        .any(|u| u["model"] == "gpt-4o-mini" && u["prompt_tokens"] == "7"));
    let (_, notes) = csv_rows(&entries, "notifications.csv");
    assert_eq!(notes.len(), 2);
    assert!(notes
        .iter()
        .any(|n| n["title"] == "ada welcome" && n["urgent"] == "true"));
    let (header, cards) = csv_rows(&entries, "payment_methods.csv");
    assert_eq!(header, ["brand", "last4", "exp_month", "exp_year"]);
    assert_eq!(
        (cards[0]["last4"].as_str(), cards[0]["exp_year"].as_str()),
        ("4242", "2030")
    );
    let invoices = json_lines(&entries, "invoices.jsonl");
    assert_eq!(invoices[0]["line_items"][0]["amount_minor"], 2999);

    let profile: Value = serde_json::from_slice(&entries["profile.json"]).expect("json");
    assert_eq!(profile["email"], "ada@example.com");
    assert_eq!(profile["id"], ada.user_id.as_str());
    assert!(profile["avatar"]
        .as_str()
        .is_some_and(|a| a.starts_with("/media/")));
    let avatar = image::load_from_memory(&entries["avatar.jpg"]).expect("the avatar");
    assert_eq!((avatar.width(), avatar.height()), (300, 300));
    let subscription: Value = serde_json::from_slice(&entries["subscription.json"]).expect("json");
    assert_eq!(
        (
            subscription["plan_code"].as_str(),
            subscription["status"].as_str()
        ),
        (Some("pro"), Some("active"))
    );
    let settings: Value = serde_json::from_slice(&entries["settings.json"]).expect("json");
    assert_eq!(settings["theme"], "auto");
    assert!(settings["dashboard_widgets"].is_array());
    for (name, data) in &entries {
        let text = String::from_utf8_lossy(data);
        assert!(
            !text.contains("argon2") && !text.contains("password_hash"),
            "{name} holds no password hash"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_users_data_never_appears_in_an_export() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let bob = app.sign_in_as("bob@example.com").await;
    seed(&app, &key, &ada, "ada").await;
    let bob_image = seed(&app, &key, &bob, "bob").await;
    let entries = unzip(export(&ada, "").await).await;
    for (name, data) in &entries {
        let text = String::from_utf8_lossy(data);
        for marker in ["bob", &bob.user_id, "INV-bob"] {
            assert!(!text.contains(marker), "{name} mentions {marker}");
        }
        assert_ne!(data, &bob_image, "{name} is bob's image");
    }
    let (_, cards) = csv_rows(&entries, "payment_methods.csv");
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0]["last4"], "4242");
    let document: Value = export(&ada, "?format=json")
        .await
        .json()
        .await
        .expect("json");
    assert!(!document.to_string().contains("bob"));
    for table in [
        "calls",
        "chats",
        "images",
        "token_usage",
        "notifications",
        "invoices",
        "payment_methods",
    ] {
        assert!(
            !document[table].as_array().expect("array").is_empty(),
            "{table}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_format_is_one_document_with_the_same_counts() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let ada = app.sign_in_as("ada@example.com").await;
    seed(&app, &key, &ada, "ada").await;
    let entries = unzip(export(&ada, "").await).await;
    let response = export(&ada, "?format=json").await;
    assert_eq!(response.headers()["content-type"], "application/json");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"dashboard-export-")
            && disposition.ends_with(".json\"")
    );
    let document: Value = response.json().await.expect("one JSON document");
    assert_eq!(document["format"], "dashboard-export");
    assert_eq!(document["user_id"], ada.user_id.as_str());
    for table in [
        "invoices",
        "payment_methods",
        "calls",
        "chats",
        "images",
        "token_usage",
        "notifications",
        "sessions",
        "support_tickets",
    ] {
        let (_, rows) = csv_rows(&entries, &format!("{table}.csv"));
        let items = document[table]
            .as_array()
            .unwrap_or_else(|| panic!("{table} is an array"));
        assert_eq!(items.len(), rows.len(), "{table}");
        assert_eq!(
            items.len(),
            json_lines(&entries, &format!("{table}.jsonl")).len(),
            "{table}"
        );
    }
    assert_eq!(document["calls"].as_array().map(Vec::len), Some(3));
    assert_eq!(document["profile"]["email"], "ada@example.com");
    assert_eq!(document["subscription"]["plan_name"], "Professional");
    assert!(document["invoices"][0]["line_items"].is_array());
    assert!(document["images"][0]["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("/media/")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_without_a_row_export_as_the_schema_defaults_and_an_unknown_format_is_400() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let bob = app.sign_in_as("bob@example.com").await;
    // Bob gets a row holding the column defaults; Ada has none and gets the defaults the export knows.
    execute(
        &app.db,
        "INSERT INTO user_settings (user_id, updated_at) VALUES ($1, 0)",
        &bob.user_id,
    )
    .await;
    let settings = |mut document: Value| {
        let mut settings = document["settings"].take();
        settings
            .as_object_mut()
            .expect("object")
            .remove("updated_at");
        settings
    };
    let ada_settings = settings(
        export(&ada, "?format=json")
            .await
            .json()
            .await
            .expect("json"),
    );
    let bob_settings = settings(
        export(&bob, "?format=json")
            .await
            .json()
            .await
            .expect("json"),
    );
    assert_eq!(ada_settings, bob_settings);
    let subscription = export(&ada, "?format=json")
        .await
        .json::<Value>()
        .await
        .expect("json");
    assert!(subscription["subscription"].is_null());
    let bad = ada.get(&format!("{EXPORT}?format=xml")).await;
    assert!(error_of(bad, 400).await["fields"]["format"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_history_is_streamed_in_full() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    const CALLS: i64 = 20_000;
    let sql = format!(
        "INSERT INTO calls (id, user_id, phone_number, direction, status, started_at, duration_seconds, created_at)
         SELECT 'call-' || n, $1, '+14155550100', 'outbound', 'completed', 1700000000000 + (n / 7) * 1000, n % 600, 0
         FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {CALLS}) SELECT n FROM s) AS seq"
    );
    execute(&app.db, &sql, &ada.user_id).await;
    let response = export(&ada, "").await;
    // Streamed: the length is not known when the headers go out.
    assert!(response.headers().get("content-length").is_none());
    let entries = unzip(response).await;
    let (_, calls) = csv_rows(&entries, "calls.csv");
    assert_eq!(calls.len() as i64, CALLS);
    // Seven calls share each start time, so ties straddle the boundaries of the pages the export reads in:
    // every call must still come exactly once, in (start, id) order.
    let order: Vec<(i64, String)> = calls
        .iter()
        .map(|c| (ms(&Value::from(c["started_at"].as_str())), c["id"].clone()))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "out of order or repeated"
    );
    assert_eq!(json_lines(&entries, "calls.jsonl").len() as i64, CALLS);
    let document: Value = export(&ada, "?format=json")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        document["calls"].as_array().map(Vec::len),
        Some(CALLS as usize)
    );
}
