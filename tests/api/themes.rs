//! The theme a page is drawn in: the server renders `<html data-theme>` from the signed-in user's saved
//! preference (visitors get `auto`), so a page never arrives in the other palette and waits for a script.

use crate::helpers::{spawn_app, Signed, PASSWORD};
use reqwest::{header, Response};
use serde_json::json;

/// Signs `user` in through the login form, as a browser does, and returns the session cookie.
async fn browser_cookie(user: &Signed<'_>, email: &str) -> String {
    let response = user
        .app
        .client
        .post(user.app.url("/api/fn/auth/sign-in"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, user.app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .and_then(|c| c.split(';').next())
        .expect("the session cookie is set")
        .to_owned()
}

async fn page(user: &Signed<'_>, path: &str, cookie: Option<&str>) -> Response {
    let mut request = user
        .app
        .client
        .get(user.app.url(path))
        .header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

/// The page's opening `<html …>` tag and its `<meta name="color-scheme">`.
async fn page_parts(response: Response) -> (String, String) {
    let html = response.text().await.expect("html");
    let tag = |from: usize| {
        let end = from + html[from..].find('>').expect("a closed tag");
        html[from..=end].to_owned()
    };
    let html_tag = tag(html.find("<html").expect("an <html> element"));
    let meta = tag(html
        .find("<meta name=\"color-scheme\"")
        .expect("a color-scheme meta tag"));
    (html_tag, meta)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_the_saved_theme_and_visitors_get_auto() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let cookie = browser_cookie(&ada, "ada@example.com").await;

    let (tag, meta) = page_parts(page(&ada, "/login", None).await).await;
    assert!(tag.contains(r#"data-theme="auto""#), "{tag}");
    assert!(meta.contains(r#"content="light dark""#), "{meta}");
    // Never chosen: auto.
    let overview = page(&ada, "/", Some(&cookie)).await;
    assert_eq!(overview.status(), 200);
    assert!(page_parts(overview)
        .await
        .0
        .contains(r#"data-theme="auto""#));

    let saved = ada
        .patch(
            "/api/dashboard/user/preferences/",
            &json!({"theme": "dark"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    for path in ["/", "/settings", "/calls", "/subscription"] {
        let response = page(&ada, path, Some(&cookie)).await;
        assert_eq!(response.status(), 200, "{path}");
        let (tag, meta) = page_parts(response).await;
        assert!(tag.contains(r#"data-theme="dark""#), "{path}: {tag}");
        assert!(meta.contains(r#"content="dark""#), "{path}: {meta}");
    }
    // The not-found page is drawn by the fallback handler, in the same theme.
    let missing = page(&ada, "/no-such-page", Some(&cookie)).await;
    assert_eq!(missing.status(), 404);
    assert!(page_parts(missing).await.0.contains(r#"data-theme="dark""#));
    // The theme is the signed-in user's: a visitor still gets auto.
    let (tag, _) = page_parts(page(&ada, "/login", None).await).await;
    assert!(tag.contains(r#"data-theme="auto""#), "{tag}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_theme_saved_without_javascript_draws_the_page_it_returns_to() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let cookie = browser_cookie(&ada, "ada@example.com").await;
    let form = [
        ("theme", "light"),
        ("language", "en"),
        ("timezone", "Asia/Karachi"),
        ("dashboard_layout", "default"),
    ];
    let response = app
        .client
        .post(app.url("/api/fn/preferences/update"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/settings"))
        .header(header::COOKIE, &cookie)
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let back = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("a redirect")
        .to_owned();
    assert_eq!(back, app.url("/settings"));
    let (tag, meta) = page_parts(page(&ada, "/settings", Some(&cookie)).await).await;
    assert!(tag.contains(r#"data-theme="light""#), "{tag}");
    assert!(meta.contains(r#"content="light""#), "{meta}");
}
