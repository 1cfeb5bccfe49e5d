//! The browser face without JavaScript: server-rendered pages, plain HTML form posts to the server functions,
//! and the session cookie.

use crate::helpers::{spawn_app, TestApp, PASSWORD};
use reqwest::{header, Response};

/// Posts an HTML form to a server function as a browser without JavaScript would.
async fn post_form(
    app: &TestApp,
    endpoint: &str,
    referer: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> Response {
    let mut request = app
        .client
        .post(app.url(endpoint))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, app.url(referer))
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The `name=value` part of the session cookie that `response` sets.
fn session_cookie(response: &Response) -> String {
    let set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .expect("the session cookie is set")
        .to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

async fn sign_up(app: &TestApp) -> String {
    let form = [
        ("email", "grace@example.com"),
        ("password", PASSWORD),
        ("first_name", "Grace"),
        ("last_name", "Hopper"),
    ];
    let response = post_form(app, "/api/fn/auth/sign-up", "/register", &form, None).await;
    assert_eq!(response.status(), 302);
    // A new account goes on to the guided setup (see tests/api/onboarding.rs).
    assert_eq!(location(&response), "/welcome");
    session_cookie(&response)
}

async fn get_page(app: &TestApp, path: &str, cookie: Option<&str>) -> Response {
    let mut request = app
        .client
        .get(app.url(path))
        .header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_are_sent_to_login_with_the_page_to_return_to() {
    let app = spawn_app().await;
    let overview = get_page(&app, "/", None).await;
    assert_eq!(overview.status(), 302);
    assert_eq!(location(&overview), "/login");
    let calls = get_page(&app, "/calls?status=missed", None).await;
    assert_eq!(calls.status(), 302);
    assert_eq!(location(&calls), "/login?next=%2Fcalls%3Fstatus%3Dmissed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_and_register_pages_render_on_the_server() {
    let app = spawn_app().await;
    for (path, text) in [("/login", "Sign in"), ("/register", "Create your account")] {
        let response = get_page(&app, path, None).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.expect("html");
        assert!(html.contains(text), "{path} shows {text}");
        assert!(
            html.contains("action=\"/api/fn/auth/"),
            "{path} has a form that works without JavaScript"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_form_signs_in_and_the_overview_shows_the_user() {
    let app = spawn_app().await;
    let cookie = sign_up(&app).await;
    let response = get_page(&app, "/", Some(&cookie)).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("html");
    assert!(html.contains("Grace Hopper"));
    assert!(html.contains("grace@example.com"));
    // Complete as sent: nothing is left behind a loading placeholder that only a script could fill.
    assert!(!html.contains("Loading…"), "{html}");
    // The same cookie authenticates the REST API.
    let me = app
        .client
        .get(app.url("/api/auth/me"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(me.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_in_without_javascript_returns_to_the_form_with_the_error() {
    let app = spawn_app().await;
    sign_up(&app).await;
    let form = [
        ("email", "grace@example.com"),
        ("password", "wrong password!"),
        ("next", "/calls"),
    ];
    let response = post_form(
        &app,
        "/api/fn/auth/sign-in",
        "/login?next=%2Fcalls",
        &form,
        None,
    )
    .await;
    assert_eq!(response.status(), 302);
    assert!(
        location(&response).ends_with("/login?next=%2Fcalls&error=invalid_credentials"),
        "{}",
        location(&response)
    );
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let page = get_page(&app, "/login?next=%2Fcalls&error=invalid_credentials", None).await;
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("The email or password is incorrect."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_follows_next_but_only_to_local_pages() {
    let app = spawn_app().await;
    sign_up(&app).await;
    for (next, expected) in [
        ("/calls", "/calls"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ] {
        let form = [
            ("email", "grace@example.com"),
            ("password", PASSWORD),
            ("next", next),
        ];
        let response = post_form(&app, "/api/fn/auth/sign-in", "/login", &form, None).await;
        assert_eq!(response.status(), 302);
        assert_eq!(location(&response), expected);
        session_cookie(&response);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_the_cookie_session() {
    let app = spawn_app().await;
    let cookie = sign_up(&app).await;
    let response = post_form(&app, "/api/fn/auth/sign-out", "/", &[], Some(&cookie)).await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/login");
    let cleared = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        cleared.starts_with("dashboard_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    // The old cookie no longer works, even if the browser kept it.
    assert_eq!(get_page(&app, "/", Some(&cookie)).await.status(), 302);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_cookie_is_not_a_session() {
    let app = spawn_app().await;
    let cookie = sign_up(&app).await;
    let (session_id, _) = cookie
        .trim_start_matches("dashboard_session=")
        .split_once('.')
        .expect("cookie shape");
    let forged = format!("dashboard_session={session_id}.not-the-secret");
    let response = get_page(&app, "/", Some(&forged)).await;
    let status = response.status();
    assert_eq!(status, 302, "{}", response.text().await.unwrap_or_default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_signed_in_page_arrives_with_its_title_in_the_head() {
    // A browser without JavaScript only ever sees the `<title>` the server wrote into `<head>`: a title set
    // later by a streamed script would leave it blank. Several rounds, since the failure this guards against
    // was a race between the head and the layout's Suspense.
    let app = spawn_app().await;
    let cookie = sign_up(&app).await;
    for _ in 0..3 {
        for (path, title) in [
            ("/", "Overview"),
            ("/profile", "Profile"),
            ("/calls", "Calls"),
            ("/usage", "Usage"),
            ("/subscription", "Subscription"),
            ("/settings", "Settings"),
            ("/security", "Security"),
            ("/support", "Support"),
            ("/notifications", "Notifications"),
        ] {
            let html = get_page(&app, path, Some(&cookie))
                .await
                .text()
                .await
                .expect("html");
            let head = &html[..html.find("</head>").expect("a head")];
            assert!(
                head.contains(&format!("<title>{title} · Dashboard</title>")),
                "{path}: no title in the head"
            );
        }
    }
}
