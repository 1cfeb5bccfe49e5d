//! Data for the export tests: a little of everything, through the ingestion API where there is one and
//! through the billing queries (which have no API yet) where there is not.

use crate::helpers::{Signed, TestApp};
use dashboard::server::db::{self, billing, Db};
use serde_json::{json, Value};

/// Runs `sql` with `$1` bound to `user_id`.
pub async fn execute(db: &Db, sql: &str, user_id: &str) {
    match db {
        Db::Sqlite(pool) => sqlx::query(sql)
            .bind(user_id)
            .execute(pool)
            .await
            .map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql)
            .bind(user_id)
            .execute(pool)
            .await
            .map(|_| ()),
    }
    .expect("statement");
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

pub fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([shade, 40, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// Gives `user` a little of everything, each piece tagged with `tag` so it can be told apart from another
/// user's; returns the bytes of the image ingested.
pub async fn seed(app: &TestApp, key: &str, user: &Signed<'_>, tag: &str) -> Vec<u8> {
    let id = &user.user_id;
    let calls: Vec<Value> = ["completed", "failed", "missed"]
        .iter()
        .enumerate()
        .map(|(i, status)| json!({
            "user_id": id, "phone_number": format!("+1415555010{i}"), "status": status,
            "started_at": format!("2026-01-2{}T09:30:00Z", i + 1), "duration_seconds": 60 * i, "agent": "Ava",
            "summary": format!("{tag} call {i}, with \"quotes\", commas\nand a new line")
        }))
        .collect();
    ingest(app, key, "/api/ingest/calls", json!(calls)).await;
    let chats = json!([
        {"user_id": id, "title": format!("{tag} chat one"), "created_at": "2026-01-20T10:00:00Z"},
        {"user_id": id, "title": format!("{tag} chat two"), "model": "gpt-4o", "created_at": "2026-01-20T11:00:00Z"}
    ]);
    ingest(app, key, "/api/ingest/chats", chats).await;
    let usage = json!([{"user_id": id, "model": "gpt-4o", "prompt_tokens": 100, "completion_tokens": 50}, {"user_id": id, "model": "gpt-4o-mini", "prompt_tokens": 7, "completion_tokens": 3}]);
    ingest(app, key, "/api/ingest/token-usage", usage).await;
    let notes = json!([{"user_id": id, "kind": "billing.invoice", "title": format!("{tag} invoice ready")}, {"user_id": id, "kind": "system", "title": format!("{tag} welcome"), "urgent": true}]);
    ingest(app, key, "/api/ingest/notifications", notes).await;
    let image = png(64, 32, if tag == "ada" { 200 } else { 10 });
    let form = reqwest::multipart::Form::new()
        .text(
            "metadata",
            json!({"user_id": id, "prompt": format!("{tag} sunset")}).to_string(),
        )
        .part(
            "image",
            reqwest::multipart::Part::bytes(image.clone()).file_name("x.png"),
        );
    let response = app
        .client
        .post(app.url("/api/ingest/images"))
        .header("x-api-key", key)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let mut tx = app.db.begin().await.expect("tx");
    let plan = billing::ensure_plan(
        &mut tx,
        &billing::NewPlan {
            id: &db::new_id(),
            code: "pro",
            name: "Professional",
            price_minor: 2999,
            features: &["Unlimited calls"],
            quota_calls: None,
            quota_call_minutes: None,
            quota_agents: None,
            quota_tokens: None,
            sort_order: 1,
        },
    )
    .await
    .expect("plan");
    let now = db::now_ms();
    billing::insert_subscription(
        &mut tx,
        &db::new_id(),
        id,
        &plan,
        (now, now + 86_400_000),
        now,
    )
    .await
    .expect("subscription");
    billing::insert_invoice(
        &mut tx,
        &billing::NewInvoice {
            id: &db::new_id(),
            user_id: id,
            number: &format!("INV-{tag}-1"),
            amount_minor: 2999,
            currency: "USD",
            status: "paid",
            period: (now, now),
            line_items: &[billing::LineItemRow {
                description: "Professional".into(),
                amount_minor: 2999,
            }],
            issued_at: now,
            provider_ref: None,
        },
    )
    .await
    .expect("invoice");
    let last4 = if tag == "ada" { "4242" } else { "1881" };
    billing::insert_payment_method(
        &mut tx,
        &billing::NewPaymentMethod {
            id: &db::new_id(),
            user_id: id,
            brand: "visa",
            last4,
            expiry: (12, 2030),
            is_default: true,
            created_at: now,
            provider_ref: None,
        },
    )
    .await
    .expect("card");
    tx.commit().await.expect("commit");
    image
}
