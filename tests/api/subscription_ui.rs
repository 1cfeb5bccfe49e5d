//! The subscription page's server functions (`/api/fn/billing/*`): the plan-change preview says what
//! `change-plan` then does and charges, and a plain HTML form post leaves no stale error behind.

use crate::{
    helpers::{spawn_app, Signed},
    subscription::move_period,
};
use dashboard::server::db;
use reqwest::{header, Response};
use serde_json::Value;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Calls a server function as the wasm client does: form-encoded arguments, JSON back.
async fn call(user: &Signed<'_>, endpoint: &str, form: &[(&str, &str)]) -> Response {
    user.app
        .client
        .post(user.app.url(&format!("/api/fn/{endpoint}")))
        .bearer_auth(&user.token)
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn json_of(response: Response) -> Value {
    assert_eq!(response.status(), 200, "unexpected status");
    response.json().await.expect("json body")
}

/// The previews by plan code, from the catalogue the overview shows.
async fn previews(user: &Signed<'_>) -> Vec<(String, Value)> {
    let overview = json_of(call(user, "billing/subscription", &[]).await).await;
    let previews = json_of(call(user, "billing/plan-changes", &[]).await).await;
    let previews = previews.as_array().expect("a list");
    overview["available_plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|plan| {
            let preview = previews
                .iter()
                .find(|p| p["plan_id"] == plan["id"])
                .expect("every plan on offer has a preview");
            (
                plan["code"].as_str().expect("code").to_owned(),
                preview.clone(),
            )
        })
        .collect()
}

fn preview_of<'a>(previews: &'a [(String, Value)], code: &str) -> &'a Value {
    &previews
        .iter()
        .find(|(c, _)| c == code)
        .expect("the plan is offered")
        .1
}

async fn choose(user: &Signed<'_>, previews: &[(String, Value)], code: &str) -> Value {
    let id = preview_of(previews, code)["plan_id"]
        .as_str()
        .expect("id")
        .to_owned();
    json_of(call(user, "billing/change-plan", &[("plan_id", &id)]).await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_plan_every_plan_starts_now_at_its_full_price() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let previews = previews(&ada).await;
    let summary: Vec<(&str, &Value, &Value)> = previews
        .iter()
        .map(|(code, p)| (code.as_str(), &p["kind"], &p["amount_due_now"]))
        .collect();
    assert_eq!(
        summary,
        [
            ("starter", &Value::from("start"), &Value::from(9.0)),
            ("professional", &Value::from("start"), &Value::from(29.99)),
            ("business", &Value::from("start"), &Value::from(99.0)),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upgrade_preview_is_what_the_upgrade_then_charges() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, &previews(&ada).await, "professional").await;
    // Ten days into a thirty-day period: two thirds remain.
    let now = db::now_ms();
    move_period(&app, &ada.user_id, now - 10 * DAY_MS, now + 20 * DAY_MS).await;

    let previews = previews(&ada).await;
    let business = preview_of(&previews, "business");
    assert_eq!(business["kind"], "upgrade");
    // (99.00 − 29.99) × 20/30 = 46.006…
    assert_eq!(business["amount_due_now"], 46.01);
    assert_eq!(business["currency"], "USD");
    assert_eq!(business["effective_at"], Value::Null);
    assert_eq!(
        business["detail"],
        "Upgrade from Professional to Business for the remaining 20 of 30 days"
    );
    let own = preview_of(&previews, "professional");
    assert_eq!(own["kind"], "current");
    assert_eq!(own["detail"], "You are already on the Professional plan.");

    let changed = choose(&ada, &previews, "business").await;
    assert_eq!(changed["proration"]["amount"], business["amount_due_now"]);
    assert_eq!(changed["proration"]["description"], business["detail"]);
    assert_eq!(changed["billing_history"][0]["amount"], 46.01);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_downgrade_preview_names_the_period_end_and_then_waits_for_it() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let first = choose(&ada, &previews(&ada).await, "professional").await;
    let period_end = first["current_subscription"]["current_period_end"].clone();

    let previews = previews(&ada).await;
    let starter = preview_of(&previews, "starter");
    assert_eq!(starter["kind"], "downgrade");
    assert_eq!(starter["amount_due_now"], 0.0);
    assert_eq!(starter["effective_at"], period_end);

    let changed = choose(&ada, &previews, "starter").await;
    assert_eq!(
        changed["current_subscription"]["pending_plan"]["code"],
        "starter"
    );
    assert_eq!(changed["proration"], Value::Null);
    let after = self::previews(&ada).await;
    assert_eq!(preview_of(&after, "starter")["kind"], "pending");
    assert_eq!(
        preview_of(&after, "starter")["detail"],
        "You move to the Starter plan when this period ends."
    );
    // Choosing one's own plan again now means keeping it.
    assert_eq!(preview_of(&after, "professional")["kind"], "keep_current");
    assert_eq!(preview_of(&after, "business")["kind"], "upgrade");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_server_functions_need_a_signed_in_user() {
    let app = spawn_app().await;
    for endpoint in [
        "billing/subscription",
        "billing/plan-changes",
        "billing/cancel",
        "billing/payment-methods",
        "notifications/unread-count",
    ] {
        let response = app
            .client
            .post(app.url(&format!("/api/fn/{endpoint}")))
            .form(&[] as &[(&str, &str)])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 401, "{endpoint}");
        // A server function's error is the `ApiError` itself, without REST's `{"error": …}` wrapper.
        let error: Value = response.json().await.expect("json error");
        assert_eq!(error["code"], "unauthorized", "{endpoint}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_form_post_that_succeeds_drops_an_earlier_error_from_the_page_address() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let form_post = |endpoint: &str, referer: &str| {
        app.client
            .post(app.url(&format!("/api/fn/{endpoint}")))
            .bearer_auth(&ada.token)
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url(referer))
            .form(&[] as &[(&str, &str)])
    };
    // Without a plan, cancelling fails: back to the page with the error.
    let failed = form_post("billing/cancel", "/subscription")
        .send()
        .await
        .expect("request");
    assert_eq!(failed.status(), 302);
    let location = failed.headers()[header::LOCATION]
        .to_str()
        .expect("location");
    assert!(
        location.ends_with("/subscription?error=bad_request"),
        "{location}"
    );

    choose(&ada, &previews(&ada).await, "starter").await;
    let done = form_post("billing/cancel", "/subscription?error=bad_request")
        .send()
        .await
        .expect("request");
    assert_eq!(done.status(), 302);
    let location = done.headers()[header::LOCATION].to_str().expect("location");
    assert!(location.ends_with("/subscription"), "{location}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_render_complete_in_place_even_when_the_browser_sends_a_referer() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    choose(&ada, &previews(&ada).await, "professional").await;
    for (path, expected) in [
        ("/subscription", "Professional"),
        ("/notifications", "No notifications yet."),
    ] {
        // The resources of a page call server functions while it renders; their success must not turn the
        // page's own response into a redirect back to where the browser came from.
        let page = app
            .client
            .get(app.url(path))
            .bearer_auth(&ada.token)
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, app.url("/"))
            .send()
            .await
            .expect("request");
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.expect("html");
        assert!(html.contains(expected), "{path} shows {expected}");
        assert!(
            html.contains("Notifications, 0 unread"),
            "{path} has the bell"
        );
        assert!(
            !html.contains("Loading"),
            "{path} is complete without JavaScript"
        );
    }
}
