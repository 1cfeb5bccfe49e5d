//! `/api/dashboard/user/subscription/*` and `/payment-methods/*`: plans, upgrades with proration, downgrades
//! at the period end, cancel and resume, saved cards, and this period's usage.

use crate::helpers::{error_of, ms, spawn_app, Signed, TestApp};
use dashboard::server::{
    db,
    services::{billing::periods, stats},
};
use serde_json::{json, Value};

const SUBSCRIPTION: &str = "/api/dashboard/user/subscription/";
const CHANGE_PLAN: &str = "/api/dashboard/user/subscription/change-plan/";
const CANCEL: &str = "/api/dashboard/user/subscription/cancel/";
const RESUME: &str = "/api/dashboard/user/subscription/resume/";
const CARDS: &str = "/api/dashboard/user/payment-methods/";
const DAY_MS: i64 = 24 * 3600 * 1000;

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    response.json().await.expect("json body")
}

async fn overview(user: &Signed<'_>) -> Value {
    json_of(user.get(SUBSCRIPTION).await, 200).await
}

/// The id of the plan with `code`, from the catalogue the API shows.
async fn plan_id(user: &Signed<'_>, code: &str) -> String {
    let body = overview(user).await;
    body["available_plans"]
        .as_array()
        .expect("plans")
        .iter()
        .find(|p| p["code"] == code)
        .and_then(|p| p["id"].as_str())
        .expect("the plan is offered")
        .to_owned()
}

async fn choose(user: &Signed<'_>, code: &str) -> Value {
    let id = plan_id(user, code).await;
    json_of(user.post(CHANGE_PLAN, &json!({ "plan_id": id })).await, 200).await
}

/// Moves the user's subscription in time: as if it had started at `start` and its period ran to `end`.
pub async fn move_period(app: &TestApp, user_id: &str, start: i64, end: i64) {
    let sql = "UPDATE subscriptions SET current_period_start = $2, current_period_end = $3, created_at = $2
               WHERE user_id = $1";
    let updated = match &app.db {
        db::Db::Sqlite(pool) => sqlx::query(sql)
            .bind(user_id)
            .bind(start)
            .bind(end)
            .execute(pool)
            .await
            .expect("update")
            .rows_affected(),
        db::Db::Postgres(pool) => sqlx::query(sql)
            .bind(user_id)
            .bind(start)
            .bind(end)
            .execute(pool)
            .await
            .expect("update")
            .rows_affected(),
    };
    assert_eq!(updated, 1);
}

fn cents(amount: &Value) -> i64 {
    (amount.as_f64().expect("an amount") * 100.0).round() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn billing_endpoints_need_a_signed_in_user() {
    let app = spawn_app().await;
    let requests = [
        app.client.get(app.url(SUBSCRIPTION)),
        app.client
            .post(app.url(CHANGE_PLAN))
            .json(&json!({"plan_id": "x"})),
        app.client.post(app.url(CANCEL)),
        app.client.post(app.url(RESUME)),
        app.client.get(app.url(CARDS)),
        app.client
            .post(app.url(CARDS))
            .json(&json!({"token": "tok_visa"})),
        app.client.delete(app.url(&format!("{CARDS}some-id/"))),
        app.client
            .post(app.url(&format!("{CARDS}some-id/default/"))),
    ];
    for request in requests {
        let response = request.send().await.expect("request");
        assert_eq!(error_of(response, 401).await["code"], "unauthorized");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_without_a_plan_sees_the_catalogue_and_nothing_else() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let body = overview(&ada).await;
    assert_eq!(body["current_subscription"], Value::Null);
    assert_eq!(body["current_usage"], Value::Null);
    assert_eq!(body["billing_history"], json!([]));
    let plans = body["available_plans"].as_array().expect("plans");
    let summary: Vec<(&str, f64)> = plans
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap_or(""),
                p["price"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("starter", 9.0),
            ("professional", 29.99),
            ("business", 99.0)
        ]
    );
    let professional = &plans[1];
    assert_eq!(professional["currency"], "USD");
    assert_eq!(professional["interval"], "month");
    assert_eq!(professional["features"][0], "Unlimited calls");
    assert_eq!(
        professional["quotas"],
        json!({"calls": null, "call_minutes": 3000, "agents": 5, "tokens": 2_000_000})
    );
    // The path works without its trailing slash too.
    let bare = ada.get(SUBSCRIPTION.trim_end_matches('/')).await;
    assert_eq!(json_of(bare, 200).await, body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_plan_starts_now_and_is_billed_in_full() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let before = db::now_ms();
    let body = choose(&ada, "professional").await;
    let current = &body["current_subscription"];
    assert_eq!(current["plan"]["code"], "professional");
    assert_eq!(current["status"], "active");
    assert_eq!(current["cancel_at_period_end"], false);
    assert_eq!(current["pending_plan"], Value::Null);
    let start = ms(&current["current_period_start"]);
    assert!(start >= before - 1000 && start <= db::now_ms());
    let days = current["days_remaining"].as_i64().expect("days");
    // A period that starts now ends a calendar month later: 28 to 31 whole days (rounded up, so a 31-day
    // month started this moment has 31 left).
    assert!(
        (28..=31).contains(&days),
        "a month has 28 to 31 days: {days}"
    );
    assert_eq!(body["proration"], Value::Null);
    let history = body["billing_history"].as_array().expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["amount"], 29.99);
    assert_eq!(history[0]["status"], "paid");
    assert_eq!(
        history[0]["line_items"],
        json!([{"description": "Professional plan", "amount": 29.99}])
    );
    assert_eq!(
        body["current_usage"],
        json!({"calls_made": 0, "call_minutes": 0, "agents_used": 0, "tokens_used": 0,
               "quotas": {"calls": null, "call_minutes": 3000, "agents": 5, "tokens": 2_000_000}})
    );
    // What change-plan answered is what a read shows.
    let read = overview(&ada).await;
    assert_eq!(read["current_subscription"], body["current_subscription"]);
    assert_eq!(read["billing_history"], body["billing_history"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgrade_applies_now_and_bills_the_difference_for_the_rest_of_the_period() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, "starter").await;
    // Ten days into a thirty-day period: two thirds remain.
    let now = db::now_ms();
    let (start, end) = (now - 10 * DAY_MS, now + 20 * DAY_MS);
    move_period(&app, &ada.user_id, start, end).await;

    let body = choose(&ada, "professional").await;
    let current = &body["current_subscription"];
    assert_eq!(current["plan"]["code"], "professional");
    assert_eq!(current["pending_plan"], Value::Null);
    assert_eq!(ms(&current["current_period_start"]), start);
    assert_eq!(ms(&current["current_period_end"]), end);
    // (29.99 − 9.00) × 20/30 = 13.993…
    let proration = &body["proration"];
    assert_eq!(proration["amount"], 13.99);
    assert_eq!(proration["currency"], "USD");
    let description = proration["description"].as_str().expect("description");
    assert!(description.contains("Starter") && description.contains("Professional"));

    let history = body["billing_history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    let invoice = &history[0];
    assert_eq!(invoice["amount"], 13.99);
    assert_eq!(invoice["status"], "paid");
    assert_eq!(ms(&invoice["period_end"]), end);
    assert_ne!(invoice["number"], history[1]["number"]);
    let lines = invoice["line_items"].as_array().expect("lines");
    let amounts: Vec<i64> = lines.iter().map(|l| cents(&l["amount"])).collect();
    // Professional for 20 of 30 days, less Starter for the same days.
    assert_eq!(amounts, [1999, -600]);
    assert_eq!(amounts.iter().sum::<i64>(), 1399);
    assert!(lines[1]["description"]
        .as_str()
        .is_some_and(|d| d.contains("Starter")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_downgrade_waits_for_the_period_end_and_then_applies() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, "professional").await;
    let body = choose(&ada, "starter").await;
    let current = &body["current_subscription"];
    assert_eq!(current["plan"]["code"], "professional");
    assert_eq!(current["pending_plan"]["code"], "starter");
    assert_eq!(body["proration"], Value::Null);
    assert_eq!(body["billing_history"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        overview(&ada).await["current_subscription"]["plan"]["code"],
        "professional"
    );

    // The period ended ten days ago: the next read renews onto the cheaper plan.
    let now = db::now_ms();
    let end = now - 10 * DAY_MS;
    let start = periods::add_months(end, -1).expect("a date");
    move_period(&app, &ada.user_id, start, end).await;
    let body = overview(&ada).await;
    let current = &body["current_subscription"];
    assert_eq!(current["plan"]["code"], "starter");
    assert_eq!(current["pending_plan"], Value::Null);
    assert_eq!(ms(&current["current_period_start"]), end);
    assert!(ms(&current["current_period_end"]) > now);
    let history = body["billing_history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["amount"], 9.0);
    assert_eq!(ms(&history[0]["period_start"]), end);
    // Renewed once: a second read bills nothing more.
    let again = overview(&ada).await;
    assert_eq!(again["billing_history"].as_array().map(Vec::len), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_ones_own_plan_is_refused_and_an_unknown_plan_is_not_found() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let unknown = ada
        .post(CHANGE_PLAN, &json!({"plan_id": "no-such-plan"}))
        .await;
    assert_eq!(error_of(unknown, 404).await["code"], "not_found");

    choose(&ada, "starter").await;
    let starter = plan_id(&ada, "starter").await;
    let same = ada.post(CHANGE_PLAN, &json!({"plan_id": starter})).await;
    let error = error_of(same, 400).await;
    assert_eq!(error["code"], "validation_failed");
    assert!(error["fields"]["plan_id"].is_array());
    let unknown = ada
        .post(CHANGE_PLAN, &json!({"plan_id": "no-such-plan"}))
        .await;
    assert_eq!(error_of(unknown, 404).await["code"], "not_found");
    let malformed = ada.post(CHANGE_PLAN, &json!({"plan": starter})).await;
    assert_eq!(error_of(malformed, 400).await["code"], "bad_request");
    assert_eq!(
        overview(&ada).await["billing_history"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_subscription_changes_only_through_its_actions() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, "starter").await;
    let business = plan_id(&ada, "business").await;
    // No generic update that could skip the billing rules (proration, pending downgrades).
    let patch = ada.patch(SUBSCRIPTION, &json!({"plan_id": business})).await;
    assert_eq!(patch.status(), 405);
    assert_eq!(
        overview(&ada).await["current_subscription"]["plan"]["code"],
        "starter"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancellation_can_be_taken_back_until_the_period_ends() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let nothing = ada.post(CANCEL, &json!({})).await;
    assert_eq!(error_of(nothing, 400).await["code"], "bad_request");
    choose(&ada, "starter").await;

    let not_cancelling = ada.post(RESUME, &json!({})).await;
    assert_eq!(error_of(not_cancelling, 400).await["code"], "bad_request");
    let cancelled = json_of(ada.post(CANCEL, &json!({})).await, 200).await;
    assert_eq!(
        cancelled["current_subscription"]["cancel_at_period_end"],
        true
    );
    let twice = json_of(ada.post(CANCEL, &json!({})).await, 200).await;
    assert_eq!(twice["current_subscription"]["cancel_at_period_end"], true);
    let resumed = json_of(ada.post(RESUME, &json!({})).await, 200).await;
    assert_eq!(
        resumed["current_subscription"]["cancel_at_period_end"],
        false
    );
    let again = ada.post(RESUME, &json!({})).await;
    assert_eq!(error_of(again, 400).await["code"], "bad_request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_subscription_ends_with_its_period_and_a_new_plan_starts_afresh() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, "starter").await;
    json_of(ada.post(CANCEL, &json!({})).await, 200).await;
    let now = db::now_ms();
    let end = now - DAY_MS;
    let start = periods::add_months(end, -1).expect("a date");
    move_period(&app, &ada.user_id, start, end).await;

    let body = overview(&ada).await;
    assert_eq!(body["current_subscription"], Value::Null);
    assert_eq!(body["current_usage"], Value::Null);
    assert_eq!(body["billing_history"].as_array().map(Vec::len), Some(1));
    let resume = ada.post(RESUME, &json!({})).await;
    assert_eq!(error_of(resume, 400).await["code"], "bad_request");

    let body = choose(&ada, "business").await;
    let current = &body["current_subscription"];
    assert_eq!(current["plan"]["code"], "business");
    assert_eq!(current["cancel_at_period_end"], false);
    assert!(ms(&current["current_period_start"]) >= now);
    assert_eq!(body["billing_history"][0]["amount"], 99.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_test_token_saves_its_card_and_the_first_becomes_the_default() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let year = time::OffsetDateTime::now_utc().year() + 3;
    let tokens = [
        ("tok_visa", "visa", "4242"),
        ("tok_mastercard", "mastercard", "4444"),
        ("tok_amex", "amex", "8431"),
        ("tok_visa_debit", "visa", "5556"),
    ];
    for (i, (token, brand, last4)) in tokens.iter().enumerate() {
        let card = json_of(ada.post(CARDS, &json!({ "token": token })).await, 201).await;
        assert_eq!(card["brand"], *brand);
        assert_eq!(card["last4"], *last4);
        assert_eq!(
            (card["exp_month"].as_i64(), card["exp_year"].as_i64()),
            (Some(12), Some(i64::from(year)))
        );
        assert_eq!(card["is_default"], i == 0, "{token}");
        // Exactly these fields: nothing that could hold a card number.
        let mut keys: Vec<&str> = card
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "brand",
                "created_at",
                "exp_month",
                "exp_year",
                "id",
                "is_default",
                "last4"
            ]
        );
    }
    let list = json_of(ada.get(CARDS).await, 200).await;
    let cards = list["payment_methods"].as_array().expect("cards");
    let last4s: Vec<&str> = cards.iter().filter_map(|c| c["last4"].as_str()).collect();
    assert_eq!(last4s, ["5556", "8431", "4444", "4242"], "newest first");
    assert!(!list.to_string().contains("4242424242424242"));
}

async fn cards(user: &Signed<'_>) -> Vec<Value> {
    let list = json_of(user.get(CARDS).await, 200).await;
    list["payment_methods"].as_array().expect("cards").clone()
}

fn defaults(cards: &[Value]) -> Vec<&str> {
    cards
        .iter()
        .filter(|c| c["is_default"] == true)
        .filter_map(|c| c["last4"].as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_card_can_be_switched_and_deleting_it_promotes_the_newest() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let mut ids = Vec::new();
    for token in ["tok_visa", "tok_mastercard", "tok_amex"] {
        let card = json_of(ada.post(CARDS, &json!({ "token": token })).await, 201).await;
        ids.push(card["id"].as_str().expect("id").to_owned());
    }
    assert_eq!(defaults(&cards(&ada).await), ["4242"]);

    let path = format!("{CARDS}{}/default/", ids[1]);
    let card = json_of(ada.post(&path, &json!({})).await, 200).await;
    assert_eq!(card["is_default"], true);
    assert_eq!(defaults(&cards(&ada).await), ["4444"]);

    let deleted = ada.delete(&format!("{CARDS}{}/", ids[1])).await;
    assert_eq!(deleted.status(), 204);
    let left = cards(&ada).await;
    assert_eq!(left.len(), 2);
    // The newest remaining card, which the list shows first.
    assert_eq!(left[0]["is_default"], true);
    assert_eq!(defaults(&left).len(), 1);

    let gone = ada.delete(&format!("{CARDS}{}/", ids[1])).await;
    assert_eq!(error_of(gone, 404).await["code"], "not_found");
    for id in &ids {
        if id != &ids[1] {
            assert_eq!(ada.delete(&format!("{CARDS}{id}")).await.status(), 204);
        }
    }
    assert!(cards(&ada).await.is_empty());
    // With no card left, the next one is the default again.
    let card = json_of(
        ada.post(CARDS, &json!({"token": "tok_visa_debit"})).await,
        201,
    )
    .await;
    assert_eq!(card["is_default"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_users_card_is_not_found() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let bob = app.sign_in_as("bob@example.com").await;
    let card = json_of(ada.post(CARDS, &json!({"token": "tok_visa"})).await, 201).await;
    let id = card["id"].as_str().expect("id");

    let delete = bob.delete(&format!("{CARDS}{id}/")).await;
    assert_eq!(error_of(delete, 404).await["code"], "not_found");
    let default = bob.post(&format!("{CARDS}{id}/default/"), &json!({})).await;
    assert_eq!(error_of(default, 404).await["code"], "not_found");
    assert!(cards(&bob).await.is_empty());
    assert_eq!(cards(&ada).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_card_token_is_a_field_error() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    for token in ["tok_nope", "4242424242424242", "  "] {
        let response = ada.post(CARDS, &json!({ "token": token })).await;
        let error = error_of(response, 400).await;
        assert_eq!(error["code"], "validation_failed");
        assert!(error["fields"]["token"].is_array(), "{token}");
    }
    assert!(cards(&ada).await.is_empty());
}

/// Waits until every ingested event is folded into the rollups (the server's own worker may hold a batch).
async fn settle_stats(app: &TestApp) {
    for _ in 0..200 {
        stats::drain(&app.db).await.expect("drain");
        if db::stats::pending(&app.db).await.expect("pending") == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("stats did not settle");
}

async fn ingest(app: &TestApp, key: &str, path: &str, body: &Value) {
    let response = app
        .client
        .post(app.url(path))
        .header("x-api-key", key)
        .json(body)
        .send()
        .await
        .expect("request");
    let body: Value = json_of(response, 201).await;
    assert_eq!(body["rejected"], 0, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_counts_this_periods_calls_agents_and_tokens() {
    let app = spawn_app().await;
    let key = app.api_key().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, "starter").await;
    let now = db::rfc3339(db::now_ms());
    let long_ago = db::rfc3339(db::now_ms() - 60 * DAY_MS);
    let call = |at: &str, seconds: i64, agent: &str| {
        json!({"user_id": ada.user_id, "phone_number": "+14155550100", "status": "completed",
               "started_at": at, "duration_seconds": seconds, "agent": agent})
    };
    ingest(
        &app,
        &key,
        "/api/ingest/calls",
        &json!([
            call(&now, 125, "Ava"),
            call(&now, 30, "Max"),
            call(&now, 0, "Ava"),
            call(&long_ago, 600, "Old timer"),
        ]),
    )
    .await;
    let tokens = |at: &str, prompt: i64, completion: i64| {
        json!({"user_id": ada.user_id, "model": "gpt-4o", "prompt_tokens": prompt,
               "completion_tokens": completion, "occurred_at": at})
    };
    ingest(
        &app,
        &key,
        "/api/ingest/token-usage",
        &json!([
            tokens(&now, 100, 50),
            tokens(&now, 200, 25),
            tokens(&long_ago, 1000, 1000)
        ]),
    )
    .await;
    settle_stats(&app).await;

    let usage = &overview(&ada).await["current_usage"];
    assert_eq!(usage["calls_made"], 3);
    assert_eq!(usage["call_minutes"], 3, "155 seconds, rounded up");
    assert_eq!(usage["agents_used"], 2);
    assert_eq!(usage["tokens_used"], 375);
    assert_eq!(
        usage["quotas"],
        json!({"calls": 100, "call_minutes": 500, "agents": 1, "tokens": 200_000})
    );
}
