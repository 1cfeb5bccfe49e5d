//! Settings, preferences, notifications, password change and account deletion.

use crate::helpers::{error_of, spawn_app, PASSWORD};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_patch_merges_and_refuses_unknown_keys_and_types() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let initial: Value = ada
        .get("/api/dashboard/user/settings/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        initial["notification_preferences"]["email_notifications"],
        true
    );
    assert_eq!(initial["call_preferences"]["call_quality"], "standard");
    let patched: Value = ada
        .patch("/api/dashboard/user/settings/", &json!({"notification_preferences": {"sms_notifications": true}, "call_preferences": {"call_quality": "high"}}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        patched["notification_preferences"]["sms_notifications"],
        true
    );
    assert_eq!(
        patched["notification_preferences"]["email_notifications"], true,
        "untouched keys keep their value"
    );
    assert_eq!(patched["call_preferences"]["call_quality"], "high");
    for bad in [
        json!({"notification_preferences": {"carrier_pigeon": true}}),
        json!({"unknown_section": {}}),
        json!({"notification_preferences": {"sms_notifications": "yes"}}),
        json!({"call_preferences": {"call_quality": "ultra"}}),
    ] {
        let response = ada.patch("/api/dashboard/user/settings/", &bad).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
    assert_eq!(
        ada.delete("/api/dashboard/user/settings/").await.status(),
        405,
        "settings cannot be deleted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_patches_of_different_keys_both_survive() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let a = json!({"notification_preferences": {"marketing_emails": true}});
    let b = json!({"privacy_settings": {"profile_visibility": "public"}});
    let (ra, rb) = tokio::join!(
        ada.patch("/api/dashboard/user/settings/", &a),
        ada.patch("/api/dashboard/user/settings/", &b)
    );
    assert_eq!((ra.status().as_u16(), rb.status().as_u16()), (200, 200));
    let now: Value = ada
        .get("/api/dashboard/user/settings")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(now["notification_preferences"]["marketing_emails"], true);
    assert_eq!(now["privacy_settings"]["profile_visibility"], "public");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preferences_validate_zone_widgets_and_choices() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let patch = json!({"theme": "dark", "language": "ur", "timezone": "Asia/Kathmandu", "dashboard_layout": "compact",
                       "dashboard_widgets": ["subscription_status", "recent_calls", "call_statistics"]});
    let prefs: Value = ada
        .patch("/api/dashboard/user/preferences/", &patch)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(prefs, patch);
    for (bad, field) in [
        (json!({"timezone": "Mars/Olympus"}), "timezone"),
        (json!({"theme": "neon"}), "theme"),
        (json!({"language": "fr"}), "language"),
        (
            json!({"dashboard_widgets": ["recent_calls", "recent_calls"]}),
            "dashboard_widgets",
        ),
        (
            json!({"dashboard_widgets": ["stock_ticker"]}),
            "dashboard_widgets",
        ),
    ] {
        let error = error_of(
            ada.patch("/api/dashboard/user/preferences/", &bad).await,
            400,
        )
        .await;
        assert!(error["fields"][field].is_array(), "{bad}");
    }
    let unchanged: Value = ada
        .get("/api/dashboard/user/preferences/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(unchanged, patch, "a refused PATCH changes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_list_and_mark_read_only_for_their_owner() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let grace = app.sign_in_as("grace@example.com").await;
    let key = app.api_key().await;
    let items: Vec<Value> = (0..3).map(|i| json!({"user_id": ada.user_id, "kind": "calls.missed", "title": format!("n{i}"), "urgent": i == 0})).collect();
    app.client
        .post(app.url("/api/ingest/notifications"))
        .header("x-api-key", &key)
        .json(&items)
        .send()
        .await
        .expect("request");
    app.client
        .post(app.url("/api/ingest/notifications"))
        .header("x-api-key", &key)
        .json(&json!({"user_id": grace.user_id, "kind": "x", "title": "grace's"}))
        .send()
        .await
        .expect("request");
    let page: Value = ada
        .get("/api/dashboard/user/notifications/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (page["count"].as_i64(), page["unread_count"].as_i64()),
        (Some(3), Some(3))
    );
    let first = page["results"][0]["id"].as_str().expect("id").to_owned();
    let marked: Value = ada
        .patch(
            "/api/dashboard/user/notifications/",
            &json!({"notification_id": first}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(marked["unread_count"], 2);
    let unread: Value = ada
        .get("/api/dashboard/user/notifications/?unread_only=true")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(unread["results"].as_array().map(Vec::len), Some(2));
    let grace_page: Value = grace
        .get("/api/dashboard/user/notifications/")
        .await
        .json()
        .await
        .expect("json");
    let graces = grace_page["results"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let other = ada
        .patch(
            "/api/dashboard/user/notifications/",
            &json!({"notification_id": graces}),
        )
        .await;
    assert_eq!(error_of(other, 404).await["code"], "not_found");
    let all: Value = ada
        .patch(
            "/api/dashboard/user/notifications/",
            &json!({"mark_all_read": true}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(all["unread_count"], 0);
    let grace_after: Value = grace
        .get("/api/dashboard/user/notifications/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        grace_after["unread_count"], 1,
        "another user's notifications are untouched"
    );
    assert_eq!(
        ada.patch("/api/dashboard/user/notifications/", &json!({}))
            .await
            .status(),
        400
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_password_reports_each_problem_and_ends_other_sessions() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let other: Value = app
        .login("ada@example.com", PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let other_token = other["access_token"].as_str().expect("token");
    let url = "/api/dashboard/user/change-password/";
    let cases = [
        (
            json!({"current_password": "wrong password!", "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase"}),
            "current_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": "a brand new passphrase", "confirm_password": "something else"}),
            "confirm_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": "password123", "confirm_password": "password123"}),
            "new_password",
        ),
    ];
    for (body, field) in cases {
        let error = error_of(ada.post(url, &body).await, 400).await;
        assert!(error["fields"][field].is_array(), "{field}: {error}");
    }
    let body = json!({"current_password": PASSWORD, "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase"});
    let changed: Value = ada.post(url, &body).await.json().await.expect("json");
    assert_eq!(changed["sessions_ended"], 1);
    let fresh = changed["tokens"]["access_token"]
        .as_str()
        .expect("fresh token");
    assert_eq!(
        app.get_with_token("/api/auth/me", fresh).await.status(),
        200
    );
    assert_eq!(
        app.get_with_token("/api/auth/me", &ada.token)
            .await
            .status(),
        200,
        "this session goes on"
    );
    assert_eq!(
        app.get_with_token("/api/auth/me", other_token)
            .await
            .status(),
        401,
        "other sessions end"
    );
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), 401);
    assert_eq!(
        app.login("ada@example.com", "a brand new passphrase")
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_account_needs_password_and_confirmation_then_removes_everything() {
    let app = spawn_app().await;
    let ada = app.sign_in_as("ada@example.com").await;
    let url = "/api/dashboard/user/delete-account/";
    let error = error_of(
        ada.post(
            url,
            &json!({"password": PASSWORD, "confirmation": "delete"}),
        )
        .await,
        400,
    )
    .await;
    assert!(error["fields"]["confirmation"].is_array());
    let error = error_of(
        ada.post(
            url,
            &json!({"password": "not it at all", "confirmation": "DELETE"}),
        )
        .await,
        400,
    )
    .await;
    assert!(error["fields"]["password"].is_array());
    let key = app.api_key().await;
    app.client
        .post(app.url("/api/ingest/chats"))
        .header("x-api-key", key)
        .json(&json!({"user_id": ada.user_id, "title": "bye"}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        ada.post(
            url,
            &json!({"password": PASSWORD, "confirmation": "DELETE"})
        )
        .await
        .status(),
        204
    );
    assert_eq!(ada.get("/api/dashboard/user/").await.status(), 401);
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), 401);
    let remaining: i64 = match &app.db {
        dashboard::server::db::Db::Sqlite(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM chat_sessions")
                .fetch_one(p)
                .await
                .expect("count")
        }
        dashboard::server::db::Db::Postgres(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM chat_sessions")
                .fetch_one(p)
                .await
                .expect("count")
        }
    };
    assert_eq!(remaining, 0);
    // The address is free again.
    assert_eq!(app.register("ada@example.com").await.status(), 201);
}
