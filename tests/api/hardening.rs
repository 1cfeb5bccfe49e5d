//! Browser hardening: the security headers on every kind of response, the CSP nonce that lets exactly our
//! own scripts run, the session cookie's flags, and the refusal of cookie-authenticated writes from elsewhere.

use crate::helpers::{spawn_app, spawn_with, TestApp, PASSWORD};
use reqwest::{header, Response};
use serde_json::json;

const PUBLIC_HTTPS: &str = "https://dash.example.com";

/// An app on https (per its public URL) that serves a static file, and that file's path.
async fn https_app_with_static_file() -> (TestApp, tempfile::TempDir) {
    let site = tempfile::tempdir().expect("site dir");
    std::fs::write(site.path().join("robots.txt"), "User-agent: *\n").expect("static file");
    let root = site.path().display().to_string();
    let app = spawn_with(|s| {
        s.public_url = PUBLIC_HTTPS.into();
        s.site_root = root;
    })
    .await;
    (app, site)
}

fn header_of<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{name} is set on {}", response.url()))
}

fn assert_hardened(response: &Response, https: bool) {
    let csp = header_of(response, "content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        !csp.contains(" 'unsafe-eval'"),
        "only wasm-unsafe-eval: {csp}"
    );
    assert_eq!(header_of(response, "x-content-type-options"), "nosniff");
    assert_eq!(header_of(response, "x-frame-options"), "DENY");
    assert_eq!(
        header_of(response, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert!(header_of(response, "permissions-policy").contains("camera=()"));
    let hsts = response.headers().get("strict-transport-security");
    if https {
        let hsts = hsts.and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(hsts.starts_with("max-age=63072000"), "{hsts}");
    } else {
        assert!(hsts.is_none(), "no HSTS over plain http");
    }
}

fn nonce_of(response: &Response) -> String {
    let csp = header_of(response, "content-security-policy");
    let start = csp.find("'nonce-").expect("the CSP names a nonce") + "'nonce-".len();
    let end = start + csp[start..].find('\'').expect("closing quote");
    csp[start..end].to_owned()
}

async fn get(app: &TestApp, path: &str) -> Response {
    app.client
        .get(app.url(path))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rest_responses_and_static_files_carry_every_security_header() {
    let (app, _site) = https_app_with_static_file().await;
    let page = get(&app, "/login").await;
    assert_eq!(page.status(), 200);
    assert_hardened(&page, true);
    let rest = app.post_json("/api/auth/login", &json!({})).await;
    assert!(rest.status().is_client_error());
    assert_hardened(&rest, true);
    let file = get(&app, "/robots.txt").await;
    assert_eq!(file.status(), 200);
    assert_hardened(&file, true);
    let missing = get(&app, "/api/nothing-here").await;
    assert_eq!(missing.status(), 404);
    assert_hardened(&missing, true);

    let plain = spawn_app().await;
    assert_hardened(&get(&plain, "/login").await, false);
    assert_hardened(&plain.post_json("/api/auth/login", &json!({})).await, false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_script_on_a_page_carries_this_responses_nonce_and_it_changes_each_time() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let page = get(&app, "/login").await;
        let nonce = nonce_of(&page);
        assert!(nonce.len() >= 22, "128 bits at least: {nonce}");
        let html = page.text().await.expect("html");
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "the page has its hydration script");
        for script in scripts {
            // leptos_i18n's context provider writes an empty `<script></script>` where it would embed
            // translations loaded on demand (a feature we do not use). A script without a source and without
            // text is never run, so a browser does not even ask the policy about it.
            if script.starts_with("></script>") {
                continue;
            }
            let tag = &script[..script.find('>').expect("tag end")];
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "a script without this response's nonce: <script{tag}>"
            );
        }
        seen.push(nonce);
    }
    assert_ne!(seen[0], seen[1], "a fresh nonce for every response");
}

/// Signs up through the no-JavaScript form, as a browser on `origin` would; returns the Set-Cookie header.
async fn sign_up_form(app: &TestApp, origin: &str) -> Response {
    app.client
        .post(app.url("/api/fn/auth/sign-up"))
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, origin)
        .form(&[
            ("email", "grace@example.com"),
            ("password", PASSWORD),
            ("first_name", "Grace"),
            ("last_name", "Hopper"),
        ])
        .send()
        .await
        .expect("request")
}

fn set_cookie(response: &Response) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dashboard_session="))
        .expect("the session cookie is set")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_http_only_same_site_and_secure_on_https() {
    let (app, _site) = https_app_with_static_file().await;
    let response = sign_up_form(&app, PUBLIC_HTTPS).await;
    assert_eq!(response.status(), 302);
    let cookie = set_cookie(&response);
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }

    let plain = spawn_app().await;
    let response = sign_up_form(&plain, &plain.address).await;
    assert_eq!(response.status(), 302);
    let cookie = set_cookie(&response);
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(
        !cookie.contains("Secure"),
        "a Secure cookie would never come back over http: {cookie}"
    );
}

/// `name=value` of the session cookie of a fresh user signed up on `app` from its own origin.
async fn browser_session(app: &TestApp) -> String {
    let response = sign_up_form(app, &app.address).await;
    assert_eq!(response.status(), 302);
    set_cookie(&response)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn me_with_cookie(app: &TestApp, cookie: &str) -> u16 {
    app.client
        .get(app.url("/api/auth/me"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_authenticated_write_from_another_origin_is_refused() {
    let app = spawn_app().await;
    let cookie = browser_session(&app).await;
    let sign_out = |origin: Option<(&'static str, String)>| {
        let mut request = app
            .client
            .post(app.url("/api/fn/auth/sign-out"))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &cookie)
            .form(&[("x", "")]);
        if let Some((name, value)) = origin {
            request = request.header(name, value);
        }
        request.send()
    };
    for forged in [
        Some(("origin", "https://evil.example".to_owned())),
        Some(("origin", "null".to_owned())),
        Some(("referer", "https://evil.example/page".to_owned())),
    ] {
        let response = sign_out(forged.clone()).await.expect("request");
        assert_eq!(response.status(), 403, "{forged:?}");
        let body: serde_json::Value = response.json().await.expect("the error shape");
        assert_eq!(body["error"]["code"], "forbidden");
        assert_eq!(me_with_cookie(&app, &cookie).await, 200, "still signed in");
    }
    // The REST face takes the cookie too, and is guarded the same way.
    let rest = app
        .client
        .post(app.url("/api/auth/logout"))
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, "https://evil.example")
        .send()
        .await
        .expect("request");
    assert_eq!(rest.status(), 403);
    assert_eq!(me_with_cookie(&app, &cookie).await, 200);

    // From our own page (the browser names our origin), the same post goes through.
    let ours = sign_out(Some(("origin", app.address.clone())))
        .await
        .expect("request");
    assert_eq!(ours.status(), 302);
    assert_eq!(me_with_cookie(&app, &cookie).await, 401, "signed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_and_service_key_requests_are_not_subject_to_the_origin_check() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let settings = app
        .client
        .patch(app.url("/api/dashboard/user/settings/"))
        .bearer_auth(&user.token)
        .header(header::ORIGIN, "https://evil.example")
        .json(&json!({"call_preferences": {"call_quality": "high"}}))
        .send()
        .await
        .expect("request");
    assert_eq!(settings.status(), 200);
    let key = app.api_key().await;
    let ingest = app
        .client
        .post(app.url("/api/ingest/chats"))
        .header("x-api-key", key)
        .header(header::ORIGIN, "https://evil.example")
        .json(&json!([{"user_id": user.user_id, "title": "hello"}]))
        .send()
        .await
        .expect("request");
    assert_eq!(ingest.status(), 201);
}
