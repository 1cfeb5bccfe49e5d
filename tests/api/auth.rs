//! `/api/auth/*`: the REST sign-in life cycle and the token attack set.

use crate::helpers::{error_of, spawn_app, JWT_SECRET, PASSWORD};
use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::{json, Value};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A token signed with `key`, carrying the claims of `base` with `changes` applied.
fn forge(base: &Value, changes: Value, key: &str) -> String {
    let mut claims = base.clone();
    for (k, v) in changes.as_object().into_iter().flatten() {
        claims[k] = v.clone();
    }
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(key.as_bytes()),
    )
    .expect("encode")
}

/// The claims the server put in `token` (read without verification: the test only copies them).
fn claims_of(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64");
    serde_json::from_slice(&bytes).expect("claims json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_returns_201_with_the_new_user() {
    let app = spawn_app().await;
    let response = app.register("  Ada@Example.com ").await;
    assert_eq!(response.status(), 201);
    let user: Value = response.json().await.expect("json");
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["first_name"], "Ada");
    assert_eq!(user["last_name"], "Lovelace");
    assert!(user["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(user["created_at"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    assert!(user.get("password_hash").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_email_is_409_whatever_its_case() {
    let app = spawn_app().await;
    assert_eq!(app.register("ada@example.com").await.status(), 201);
    let error = error_of(app.register("ADA@example.com").await, 409).await;
    assert_eq!(error["code"], "conflict");
    assert!(error["fields"]["email"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_registration_fields_are_all_reported() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/auth/register",
            &json!({"email": "not-an-email", "password": "short", "first_name": ""}),
        )
        .await;
    let error = error_of(response, 400).await;
    assert_eq!(error["code"], "validation_failed");
    for field in ["email", "password", "first_name"] {
        assert!(
            error["fields"][field].is_array(),
            "{field} should be reported"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn common_and_overlong_passwords_are_refused() {
    let app = spawn_app().await;
    for password in ["password123", "Qwertyuiop", &"x".repeat(129)] {
        let response = app
            .post_json(
                "/api/auth/register",
                &json!({"email": "ada@example.com", "password": password, "first_name": "Ada"}),
            )
            .await;
        let error = error_of(response, 400).await;
        assert!(
            error["fields"]["password"].is_array(),
            "{password} should be refused"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_returns_a_bearer_token_pair() {
    let app = spawn_app().await;
    let tokens = app.signed_in("ada@example.com").await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    assert!(tokens["refresh_token"]
        .as_str()
        .is_some_and(|t| t.len() >= 40));
    let claims = claims_of(tokens["access_token"].as_str().expect("token"));
    for claim in ["sub", "sid", "iat", "exp", "iss", "aud"] {
        assert!(!claims[claim].is_null(), "claim {claim} is present");
    }
    assert_eq!(
        claims["exp"].as_i64().unwrap_or(0) - claims["iat"].as_i64().unwrap_or(0),
        900
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn me_returns_the_signed_in_user() {
    let app = spawn_app().await;
    let tokens = app.signed_in("ada@example.com").await;
    let response = app
        .get_with_token(
            "/api/auth/me",
            tokens["access_token"].as_str().expect("token"),
        )
        .await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.expect("json");
    assert_eq!(me["email"], "ada@example.com");
    for field in ["id", "first_name", "last_name", "created_at"] {
        assert!(!me[field].is_null());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    app.register("ada@example.com").await;
    let wrong_password =
        error_of(app.login("ada@example.com", "not the password").await, 401).await;
    let unknown_email = error_of(app.login("nobody@example.com", PASSWORD).await, 401).await;
    let malformed_email = error_of(app.login("nobody", PASSWORD).await, 401).await;
    assert_eq!(wrong_password, unknown_email);
    assert_eq!(wrong_password, malformed_email);
    assert_eq!(wrong_password["code"], "invalid_credentials");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protected_endpoint_refuses_missing_garbage_and_forged_tokens() {
    let app = spawn_app().await;
    let tokens = app.signed_in("ada@example.com").await;
    let good = tokens["access_token"].as_str().expect("token");
    let claims = claims_of(good);

    let missing = app
        .client
        .get(app.url("/api/auth/me"))
        .send()
        .await
        .expect("request");
    assert_eq!(error_of(missing, 401).await["code"], "unauthorized");

    let mut tampered = good.to_owned();
    tampered.pop();
    tampered.push(if good.ends_with('A') { 'B' } else { 'A' });

    let t = now();
    let alg_none = {
        use base64::Engine;
        let b64 =
            |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.",
            b64(&json!({"alg": "none", "typ": "JWT"})),
            b64(&claims)
        )
    };
    let hs512 = encode(
        &Header::new(jsonwebtoken::Algorithm::HS512),
        &claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .expect("encode");
    let cases = [
        ("garbage", "not-a-jwt".to_owned()),
        ("tampered signature", tampered),
        (
            "other key",
            forge(
                &claims,
                json!({}),
                "another-secret-that-is-long-enough-0123456789",
            ),
        ),
        (
            "expired",
            forge(
                &claims,
                json!({"iat": t - 3600, "nbf": t - 3600, "exp": t - 1800}),
                JWT_SECRET,
            ),
        ),
        (
            "not yet valid",
            forge(&claims, json!({"nbf": t + 3600}), JWT_SECRET),
        ),
        (
            "wrong audience",
            forge(&claims, json!({"aud": "someone-else"}), JWT_SECRET),
        ),
        (
            "wrong issuer",
            forge(&claims, json!({"iss": "someone-else"}), JWT_SECRET),
        ),
        (
            "exp as a string",
            forge(&claims, json!({"exp": (t + 600).to_string()}), JWT_SECRET),
        ),
        (
            "unknown session",
            forge(
                &claims,
                json!({"sid": "00000000-0000-0000-0000-000000000000"}),
                JWT_SECRET,
            ),
        ),
        ("alg none", alg_none),
        ("another algorithm", hs512),
    ];
    for (name, token) in cases {
        let response = app.get_with_token("/api/auth/me", &token).await;
        assert_eq!(response.status(), 401, "{name} must be refused");
    }
    assert_eq!(
        app.get_with_token("/api/auth/me", good).await.status(),
        200,
        "the real token still works"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_rotates_and_reuse_ends_the_session() {
    let app = spawn_app().await;
    let first = app.signed_in("ada@example.com").await;
    let refresh = |token: &Value| json!({"refresh_token": token.as_str().expect("token")});

    let second: Value = {
        let response = app
            .post_json("/api/auth/refresh", &refresh(&first["refresh_token"]))
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("json")
    };
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    let second_access = second["access_token"].as_str().expect("token");
    assert_eq!(
        app.get_with_token("/api/auth/me", second_access)
            .await
            .status(),
        200
    );

    // The first refresh token was used: presenting it again is refused and ends the whole session.
    let reuse = app
        .post_json("/api/auth/refresh", &refresh(&first["refresh_token"]))
        .await;
    assert_eq!(reuse.status(), 401);
    assert_eq!(
        app.get_with_token("/api/auth/me", second_access)
            .await
            .status(),
        401
    );
    let after = app
        .post_json("/api/auth/refresh", &refresh(&second["refresh_token"]))
        .await;
    assert_eq!(after.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_refresh_token_is_401() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/auth/refresh", &json!({"refresh_token": "made-up"}))
        .await;
    assert_eq!(error_of(response, 401).await["code"], "unauthorized");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_revokes_the_session_at_once() {
    let app = spawn_app().await;
    let tokens = app.signed_in("ada@example.com").await;
    let access = tokens["access_token"].as_str().expect("token");
    assert_eq!(
        app.get_with_token("/api/auth/me", access).await.status(),
        200
    );
    let response = app
        .client
        .post(app.url("/api/auth/logout"))
        .bearer_auth(access)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 204);
    assert_eq!(
        app.get_with_token("/api/auth/me", access).await.status(),
        401
    );
    let refresh = app
        .post_json(
            "/api/auth/refresh",
            &json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    assert_eq!(refresh.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_independent() {
    let app = spawn_app().await;
    let one = app.signed_in("ada@example.com").await;
    let two: Value = app
        .login("ada@example.com", PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let access_one = one["access_token"].as_str().expect("token");
    let access_two = two["access_token"].as_str().expect("token");
    app.client
        .post(app.url("/api/auth/logout"))
        .bearer_auth(access_one)
        .send()
        .await
        .expect("request");
    assert_eq!(
        app.get_with_token("/api/auth/me", access_one)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.get_with_token("/api/auth/me", access_two)
            .await
            .status(),
        200
    );
}
