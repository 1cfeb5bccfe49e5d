//! The access-token attack set beyond `auth::protected_endpoint_refuses_missing_garbage_and_forged_tokens`
//! (garbage, tampered signature, other key, expired, not yet valid, wrong audience and issuer, exp as a
//! string, unknown session, alg none, HS512): headers naming other algorithms, and tokens of sessions ended by
//! every route that ends one.

use crate::helpers::{spawn_app, JWT_SECRET, PASSWORD};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hs256::sign_hs256;
use serde_json::{json, Value};

/// A minimal HS256 signer so a test can put any header on a correctly signed token.
mod hs256 {
    use sha2::{Digest, Sha256};

    pub fn sign_hs256(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
        let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
        let inner_hash = Sha256::new()
            .chain_update(&inner)
            .chain_update(message)
            .finalize();
        Sha256::new()
            .chain_update(&outer)
            .chain_update(inner_hash)
            .finalize()
            .to_vec()
    }
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("json")
}

/// `claims` under `header`, HMAC-SHA256-signed with the server's own key whatever the header claims.
fn with_header(header: Value, claims: &Value) -> String {
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = sign_hs256(JWT_SECRET.as_bytes(), signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_naming_another_algorithm_are_refused_even_with_a_valid_hmac() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let claims = claims_of(&user.token);
    let control = with_header(json!({"alg": "HS256", "typ": "JWT"}), &claims);
    assert_eq!(
        app.get_with_token("/api/auth/me", &control).await.status(),
        200,
        "the signer is right, so only the header makes the difference"
    );
    for alg in [
        "RS256", "ES256", "PS256", "HS384", "HS512", "none", "None", "NONE", "",
    ] {
        let token = with_header(json!({"alg": alg, "typ": "JWT"}), &claims);
        assert_eq!(
            app.get_with_token("/api/auth/me", &token).await.status(),
            401,
            "alg {alg:?} must be refused"
        );
    }
    let unsigned = format!("{}.", control.rsplit_once('.').expect("parts").0);
    assert_eq!(
        app.get_with_token("/api/auth/me", &unsigned).await.status(),
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_of_sessions_ended_any_way_are_refused() {
    let app = spawn_app().await;
    let user = app.sign_in_as("ada@example.com").await;
    let mut others = Vec::new();
    for _ in 0..2 {
        let body: Value = app
            .login("ada@example.com", PASSWORD)
            .await
            .json()
            .await
            .expect("json");
        others.push(body["access_token"].as_str().expect("token").to_owned());
    }
    // One ended from the sessions list …
    let list: Value = user
        .get("/api/dashboard/user/sessions/")
        .await
        .json()
        .await
        .expect("json");
    let sid = claims_of(&others[0])["sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    assert!(list
        .as_array()
        .expect("list")
        .iter()
        .any(|s| s["id"] == sid.as_str()));
    assert_eq!(
        user.delete(&format!("/api/dashboard/user/sessions/{sid}/"))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.get_with_token("/api/auth/me", &others[0])
            .await
            .status(),
        401
    );
    // … the other by a password change …
    let changed = user
        .post(
            "/api/dashboard/user/change-password/",
            &json!({"current_password": PASSWORD, "new_password": "another good passphrase", "confirm_password": "another good passphrase"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(
        app.get_with_token("/api/auth/me", &others[1])
            .await
            .status(),
        401
    );
    // … and the caller's own by ending it, which is a sign-out.
    let body: Value = changed.json().await.expect("json");
    let own = body["tokens"]["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let own_sid = claims_of(&own)["sid"].as_str().expect("sid").to_owned();
    let response = app
        .client
        .delete(app.url(&format!("/api/dashboard/user/sessions/{own_sid}/")))
        .bearer_auth(&own)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 204);
    assert_eq!(app.get_with_token("/api/auth/me", &own).await.status(), 401);
}
