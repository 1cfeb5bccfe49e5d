//! Support: tickets over REST and through the page's server functions, help articles, the data export's
//! tickets, and deleting an account from the browser (cookie cleared, goodbye page, no way back in).

use crate::helpers::{error_of, spawn_app, TestApp, PASSWORD};
use reqwest::{header, Response};
use serde_json::{json, Value};
use std::io::Read;

const TICKETS: &str = "/api/dashboard/user/support/tickets/";

fn ticket(subject: &str) -> Value {
    json!({"subject": subject, "category": "billing", "message": "I was charged twice this month."})
}

/// Posts an HTML form to a server function as a browser without JavaScript would.
async fn post_form(
    app: &TestApp,
    endpoint: &str,
    referer: &str,
    form: &[(&str, &str)],
    cookie: &str,
) -> Response {
    app.client
        .post(app.url(endpoint))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, app.url(referer))
        .header(header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .expect("request")
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Signs `email` (already registered) in from the browser's form; the session cookie's `name=value`.
async fn browser_session(app: &TestApp, email: &str) -> String {
    let response = post_form(
        app,
        "/api/fn/auth/sign-in",
        "/login",
        &[("email", email), ("password", PASSWORD)],
        "",
    )
    .await;
    assert_eq!(response.status(), 302);
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .expect("the session cookie is set")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_gets_a_number_and_is_listed_only_for_its_author() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let bob = app.sign_in_as("bob@example.com").await;
    let response = ada.post(TICKETS, &ticket("  Charged twice  ")).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    let number = created["number"].as_str().expect("number");
    assert!(number.starts_with("SUP-") && number.len() == 12, "{number}");
    assert_eq!(created["subject"], "Charged twice");
    assert_eq!(created["status"], "open");
    ada.post(TICKETS, &ticket("Second question")).await;

    let mine: Value = ada.get(TICKETS).await.json().await.expect("json");
    let subjects: Vec<&str> = mine["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["subject"].as_str().expect("subject"))
        .collect();
    assert_eq!(subjects, ["Second question", "Charged twice"]);
    let theirs: Value = bob
        .get("/api/dashboard/user/support/tickets")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(theirs["tickets"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_ticket_is_refused_with_every_field_named() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let long = "x".repeat(5001);
    let e = error_of(
        ada.post(
            TICKETS,
            &json!({"subject": "", "category": "refund", "message": long}),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(e["code"], "validation_failed");
    for field in ["subject", "category", "message"] {
        assert!(e["fields"][field].is_array(), "{field}: {e}");
    }
    let e = error_of(
        ada.post(TICKETS, &json!({"subject": "Hi", "category": "billing", "message": "0123456789", "status": "closed"}))
            .await,
        400,
    )
    .await;
    assert_eq!(e["code"], "bad_request", "unknown fields are refused: {e}");
    let anonymous = app.post_json(TICKETS, &ticket("Who am I")).await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        ada.get(TICKETS).await.json::<Value>().await.expect("json")["tickets"],
        json!([])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eleventh_ticket_in_an_hour_is_refused() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    for i in 0..10 {
        assert_eq!(
            ada.post(TICKETS, &ticket(&format!("Question {i}")))
                .await
                .status(),
            201
        );
    }
    let e = error_of(ada.post(TICKETS, &ticket("One more")).await, 429).await;
    assert_eq!(e["code"], "rate_limited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contact_form_without_javascript_confirms_with_the_ticket_number() {
    let app = spawn_app().await;
    app.register("ada@example.com").await;
    let cookie = browser_session(&app, "ada@example.com").await;
    let form = [
        ("subject", "Recording missing"),
        ("category", "calls"),
        ("message", "Yesterday's call has no recording."),
    ];
    let response = post_form(
        &app,
        "/api/fn/support/create-ticket",
        "/support/contact",
        &form,
        &cookie,
    )
    .await;
    assert_eq!(response.status(), 302);
    let target = location(&response);
    let number = target
        .strip_prefix("/support/contact?ticket=")
        .unwrap_or_else(|| panic!("confirmation page: {target}"));
    let page = app
        .client
        .get(app.url(&target))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains(number), "the confirmation names the ticket");
    assert!(html.contains("Recording missing"), "the ticket is listed");

    let bad = [
        ("subject", "Hi"),
        ("category", "calls"),
        ("message", "short"),
    ];
    let response = post_form(
        &app,
        "/api/fn/support/create-ticket",
        "/support/contact",
        &bad,
        &cookie,
    )
    .await;
    assert_eq!(response.status(), 302);
    assert!(
        location(&response).starts_with(&app.url("/support/contact?error=validation_failed&")),
        "{}",
        location(&response)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_holds_the_users_tickets() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    ada.post(TICKETS, &ticket("Export me")).await;
    let response = ada.get("/api/dashboard/user/export-data/").await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("body");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
    let mut csv = String::new();
    zip.by_name("support_tickets.csv")
        .expect("support_tickets.csv")
        .read_to_string(&mut csv)
        .expect("text");
    assert!(
        csv.starts_with("number,category,subject,message,status,created_at,updated_at"),
        "{csv}"
    );
    assert!(csv.contains("Export me"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_articles_are_listed_rendered_and_fall_back_to_english() {
    let app = spawn_app().await;
    let call = |endpoint: &'static str, form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(app.url(endpoint))
                .form(&form)
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.expect("json")
        }
    };
    let list = call("/api/fn/support/articles", vec![("language", "en")]).await;
    let slugs: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["slug"].as_str().expect("slug"))
        .collect();
    assert_eq!(slugs.len(), 6, "{slugs:?}");
    assert_eq!(slugs[0], "getting-started");
    let article = call(
        "/api/fn/support/article",
        vec![
            ("slug", "exporting-and-deleting-your-data"),
            ("language", "fr"),
        ],
    )
    .await;
    // No French text: the English one.
    assert_eq!(article["language"], "en");
    assert!(article["html"]
        .as_str()
        .expect("html")
        .contains("<code>DELETE</code>"));
    let arabic = call(
        "/api/fn/support/article",
        vec![("slug", "getting-started"), ("language", "ar")],
    )
    .await;
    assert_eq!(arabic["language"], "ar");
    let urdu = call(
        "/api/fn/support/article",
        vec![
            ("slug", "exporting-and-deleting-your-data"),
            ("language", "ur"),
        ],
    )
    .await;
    assert_eq!(urdu["language"], "ur");
    assert!(urdu["html"]
        .as_str()
        .expect("html")
        .contains("<code>DELETE</code>"));
    let missing = call(
        "/api/fn/support/article",
        vec![("slug", "../../etc/passwd"), ("language", "en")],
    )
    .await;
    assert_eq!(missing, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_from_the_browser_signs_out_and_the_account_is_gone() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    ada.post(TICKETS, &ticket("Before I go")).await;
    let cookie = browser_session(&app, "ada@example.com").await;

    let wrong = [("password", "not my password"), ("confirmation", "DELETE")];
    let response = post_form(
        &app,
        "/api/fn/support/delete-account",
        "/support",
        &wrong,
        &cookie,
    )
    .await;
    assert_eq!(response.status(), 302);
    assert!(
        location(&response).starts_with(&app.url("/support?error=validation_failed&")),
        "{}",
        location(&response)
    );
    let unconfirmed = [("password", PASSWORD), ("confirmation", "delete")];
    let response = post_form(
        &app,
        "/api/fn/support/delete-account",
        "/support",
        &unconfirmed,
        &cookie,
    )
    .await;
    assert!(
        location(&response).starts_with(&app.url("/support?error=validation_failed&")),
        "{}",
        location(&response)
    );
    assert_eq!(
        app.login("ada@example.com", PASSWORD).await.status(),
        200,
        "still there"
    );

    let right = [("password", PASSWORD), ("confirmation", "DELETE")];
    let response = post_form(
        &app,
        "/api/fn/support/delete-account",
        "/support",
        &right,
        &cookie,
    )
    .await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/goodbye");
    let cleared = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .expect("the cookie is cleared")
        .to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    let goodbye = app
        .client
        .get(app.url("/goodbye"))
        .send()
        .await
        .expect("request");
    assert_eq!(goodbye.status(), 200, "the goodbye page is public");
    assert!(goodbye
        .text()
        .await
        .expect("html")
        .contains("Your account has been deleted"));
    let old_session = app
        .client
        .get(app.url("/api/auth/me"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(old_session.status(), 401);
    assert_eq!(
        ada.get("/api/auth/me").await.status(),
        401,
        "every session ended"
    );
    error_of(app.login("ada@example.com", PASSWORD).await, 401).await;
    let left: i64 = match &app.db {
        dashboard::server::db::Db::Sqlite(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM support_tickets")
                .fetch_one(pool)
                .await
                .expect("count")
        }
        dashboard::server::db::Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM support_tickets")
                .fetch_one(pool)
                .await
                .expect("count")
        }
    };
    assert_eq!(left, 0, "the tickets went with the account");
}
