//! Two-factor sign-in: enrollment, the two-step sign-in on both faces, replay and recovery codes, disable.

use crate::helpers::{error_of, spawn_app, Signed, TestApp, PASSWORD};
use reqwest::header;
use serde_json::{json, Value};
use totp_rs::{Algorithm, Secret, TOTP};

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The code an authenticator app shows for `secret`, `offset_steps` 30 s steps from now.
pub fn code(secret: &str, offset_steps: i64) -> String {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .expect("base32 secret");
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new());
    let at = now_secs() as i64 + offset_steps * 30;
    totp.generate(at as u64)
}

/// Turns 2FA on for `user`; returns the secret and the recovery codes. The current step's code is used up.
///
/// The tests then reason in steps ("the current code is spent, the next one is not"), which holds only while
/// the 30-second step does not change under them: near a step's end this waits for the next one to begin, so
/// a test has at least 18 s of one step.
pub async fn enable(user: &Signed<'_>) -> (String, Vec<String>) {
    let into_step = now_secs() % 30;
    if into_step >= 12 {
        tokio::time::sleep(std::time::Duration::from_secs(30 - into_step)).await;
    }
    let setup: Value = user
        .post("/api/dashboard/user/2fa/setup/", &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let secret = setup["secret"].as_str().expect("secret").to_owned();
    let response = user
        .post(
            "/api/dashboard/user/2fa/confirm/",
            &json!({"code": code(&secret, 0)}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    let codes = body["recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    (secret, codes)
}

async fn challenge(app: &TestApp, email: &str) -> String {
    let response = app.login(email, PASSWORD).await;
    assert_eq!(
        response.status(),
        202,
        "a correct password with 2FA on is a challenge"
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["two_factor_required"], true);
    assert_eq!(body["expires_in"], 300);
    assert!(body.get("access_token").is_none());
    body["challenge_token"]
        .as_str()
        .expect("challenge")
        .to_owned()
}

async fn complete(app: &TestApp, challenge: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/auth/login/2fa",
        &json!({"challenge_token": challenge, "code": code}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrollment_shows_a_secret_and_qr_code_and_turns_on_only_with_a_valid_code() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let status: Value = user
        .get("/api/dashboard/user/2fa/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(status["enabled"], false);
    assert_eq!(status["pending"], false);

    let confirm_first = user
        .post(
            "/api/dashboard/user/2fa/confirm/",
            &json!({"code": "123456"}),
        )
        .await;
    assert_eq!(error_of(confirm_first, 409).await["code"], "conflict");

    let setup: Value = user
        .post("/api/dashboard/user/2fa/setup/", &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let secret = setup["secret"].as_str().expect("secret");
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let url = setup["otpauth_url"].as_str().expect("url");
    assert!(
        url.starts_with("otpauth://totp/Dashboard:ada%40example.com?"),
        "{url}"
    );
    assert!(url.contains(&format!("secret={secret}")), "{url}");
    assert!(setup["qr_code"]
        .as_str()
        .expect("qr")
        .starts_with("data:image/svg+xml;base64,"));
    let status: Value = user
        .get("/api/dashboard/user/2fa/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (status["enabled"].clone(), status["pending"].clone()),
        (json!(false), json!(true))
    );
    // Still off: a sign-in needs only the password.
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), 200);

    let wrong = user
        .post(
            "/api/dashboard/user/2fa/confirm/",
            &json!({"code": "000000x"}),
        )
        .await;
    assert!(error_of(wrong, 400).await["fields"]["code"].is_array());

    let response = user
        .post(
            "/api/dashboard/user/2fa/confirm/",
            &json!({"code": code(secret, 0)}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let codes: Value = response.json().await.expect("json");
    let codes = codes["recovery_codes"].as_array().expect("codes");
    assert_eq!(codes.len(), 10);
    let unique: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), 10);

    let status: Value = user
        .get("/api/dashboard/user/2fa/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);
    let again = user
        .post("/api/dashboard/user/2fa/setup/", &json!({}))
        .await;
    assert_eq!(error_of(again, 409).await["code"], "conflict");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_takes_a_code_once_and_the_challenge_once() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let (secret, _) = enable(&user).await;

    let first = challenge(&app, "ada@example.com").await;
    // The current step's code confirmed the enrollment: it is spent, even within its window.
    let replay = complete(&app, &first, &code(&secret, 0)).await;
    assert_eq!(error_of(replay, 401).await["code"], "invalid_credentials");
    let wrong = complete(&app, &first, "000000").await;
    assert_eq!(error_of(wrong, 401).await["code"], "invalid_credentials");

    // The next step's code (a phone a little ahead) is accepted once.
    let next_code = code(&secret, 1);
    let response = complete(&app, &first, &next_code).await;
    assert_eq!(response.status(), 200);
    let tokens: Value = response.json().await.expect("json");
    let access = tokens["access_token"].as_str().expect("token");
    assert_eq!(
        app.get_with_token("/api/auth/me", access).await.status(),
        200
    );

    let reused_challenge = complete(&app, &first, &code(&secret, -1)).await;
    assert_eq!(
        error_of(reused_challenge, 401).await["code"],
        "unauthorized"
    );
    let second = challenge(&app, "ada@example.com").await;
    let replayed_code = complete(&app, &second, &next_code).await;
    assert_eq!(
        error_of(replayed_code, 401).await["code"],
        "invalid_credentials"
    );
    let unknown = complete(&app, "made-up", &code(&secret, 1)).await;
    assert_eq!(error_of(unknown, 401).await["code"], "unauthorized");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_challenge_is_refused() {
    use dashboard::server::db::Db;
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let (secret, _) = enable(&user).await;
    let token = challenge(&app, "ada@example.com").await;
    let sql = "UPDATE login_challenges SET expires_at = 0";
    match &app.db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .expect("expire");
    let response = complete(&app, &token, &code(&secret, 1)).await;
    assert_eq!(error_of(response, 401).await["code"], "unauthorized");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_codes_work_once_and_can_be_replaced() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let (secret, codes) = enable(&user).await;

    let token = challenge(&app, "ada@example.com").await;
    // Typed loosely: upper case, spaces instead of dashes.
    let typed = codes[0].replace('-', " ").to_uppercase();
    assert_eq!(complete(&app, &token, &typed).await.status(), 200);
    let token = challenge(&app, "ada@example.com").await;
    let again = complete(&app, &token, &codes[0]).await;
    assert_eq!(error_of(again, 401).await["code"], "invalid_credentials");
    let status: Value = user
        .get("/api/dashboard/user/2fa/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(status["recovery_codes_left"], 9);

    let wrong_password = user
        .post(
            "/api/dashboard/user/2fa/recovery-codes/",
            &json!({"password": "wrong password", "code": code(&secret, 1)}),
        )
        .await;
    assert!(error_of(wrong_password, 400).await["fields"]["password"].is_array());
    let response = user
        .post(
            "/api/dashboard/user/2fa/recovery-codes/",
            &json!({"password": PASSWORD, "code": code(&secret, 1)}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let fresh: Value = response.json().await.expect("json");
    let fresh = fresh["recovery_codes"][0]
        .as_str()
        .expect("code")
        .to_owned();

    let token = challenge(&app, "ada@example.com").await;
    let old = complete(&app, &token, &codes[1]).await;
    assert_eq!(error_of(old, 401).await["code"], "invalid_credentials");
    assert_eq!(complete(&app, &token, &fresh).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_2fa_on_or_off_ends_the_other_sessions() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let other = app
        .login("ada@example.com", PASSWORD)
        .await
        .json::<Value>()
        .await
        .expect("json");
    let other = other["access_token"].as_str().expect("token").to_owned();
    let (secret, recovery) = enable(&user).await;
    assert_eq!(
        app.get_with_token("/api/auth/me", &other).await.status(),
        401
    );
    assert_eq!(
        user.get("/api/auth/me").await.status(),
        200,
        "the caller's own session stays"
    );

    let token = challenge(&app, "ada@example.com").await;
    let second: Value = complete(&app, &token, &code(&secret, 1))
        .await
        .json()
        .await
        .expect("json");
    let second = second["access_token"].as_str().expect("token").to_owned();

    let wrong_code = user
        .post(
            "/api/dashboard/user/2fa/disable/",
            &json!({"password": PASSWORD, "code": "000000"}),
        )
        .await;
    assert!(error_of(wrong_code, 400).await["fields"]["code"].is_array());
    let wrong_password = user
        .post(
            "/api/dashboard/user/2fa/disable/",
            &json!({"password": "not it at all", "code": recovery[0]}),
        )
        .await;
    assert!(error_of(wrong_password, 400).await["fields"]["password"].is_array());
    // The sign-in above spent the newest step, so a recovery code stands in for the next authenticator code.
    let disabled = user
        .post(
            "/api/dashboard/user/2fa/disable/",
            &json!({"password": PASSWORD, "code": recovery[0]}),
        )
        .await;
    assert_eq!(disabled.status(), 204);
    assert_eq!(
        app.get_with_token("/api/auth/me", &second).await.status(),
        401
    );
    assert_eq!(
        app.login("ada@example.com", PASSWORD).await.status(),
        200,
        "one step again"
    );
    let off_again = user
        .post(
            "/api/dashboard/user/2fa/disable/",
            &json!({"password": PASSWORD, "code": "123456"}),
        )
        .await;
    assert_eq!(error_of(off_again, 409).await["code"], "conflict");
}

fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

async fn post_form(
    app: &TestApp,
    endpoint: &str,
    referer: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(endpoint))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url(referer))
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_sign_in_has_a_code_step_without_javascript() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let (secret, _) = enable(&user).await;

    let form = [
        ("email", "ada@example.com"),
        ("password", PASSWORD),
        ("next", "/calls"),
    ];
    let password_step = post_form(
        &app,
        "/api/fn/auth/sign-in",
        "/login?next=%2Fcalls",
        &form,
        None,
    )
    .await;
    assert_eq!(password_step.status(), 302);
    let location = password_step.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(location, "/login?step=code&next=%2Fcalls");
    assert!(
        set_cookie(&password_step, "dashboard_session").is_none(),
        "no session yet"
    );
    let challenge = set_cookie(&password_step, "dashboard_2fa").expect("challenge cookie");
    assert!(
        challenge.contains("HttpOnly") && challenge.contains("Max-Age=300"),
        "{challenge}"
    );
    let challenge = challenge.split(';').next().expect("pair").to_owned();

    let page = app
        .client
        .get(app.url(&location))
        .header(header::COOKIE, &challenge)
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("action=\"/api/fn/auth/sign-in-code\""),
        "the code form is served"
    );

    let wrong = post_form(
        &app,
        "/api/fn/auth/sign-in-code",
        &location,
        &[("code", "000000"), ("next", "/calls")],
        Some(&challenge),
    )
    .await;
    assert_eq!(wrong.status(), 302);
    assert_eq!(
        wrong.headers()[header::LOCATION],
        app.url("/login?step=code&next=%2Fcalls&error=invalid_credentials")
    );
    let right = post_form(
        &app,
        "/api/fn/auth/sign-in-code",
        &location,
        &[("code", &code(&secret, 1)), ("next", "/calls")],
        Some(&challenge),
    )
    .await;
    assert_eq!(right.status(), 302);
    assert_eq!(right.headers()[header::LOCATION], "/calls");
    let session = set_cookie(&right, "dashboard_session").expect("session cookie");
    let session = session.split(';').next().expect("pair").to_owned();
    let cleared = set_cookie(&right, "dashboard_2fa").expect("challenge cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let me = app
        .client
        .get(app.url("/api/auth/me"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .expect("request");
    assert_eq!(me.status(), 200);
}
