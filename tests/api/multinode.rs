//! Two nodes on one database, as behind a load balancer: nothing a request needs may live only in one node's
//! memory or disk. Sessions, sign-out, cached dashboards and stored images must all agree across nodes.
//!
//! This is the deployment for PostgreSQL (CI sets TEST_DATABASE_URL); on SQLite both nodes open the same file,
//! which exercises the same code paths, so the test runs there too.

use crate::{
    dashboard::ingest_calls,
    helpers::{spawn_app, spawn_node, Signed, TestApp},
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The same user, signed in on `a`, using the token on `b`.
fn on<'a>(node: &'a TestApp, user: &Signed<'_>) -> Signed<'a> {
    Signed {
        app: node,
        user_id: user.user_id.clone(),
        token: user.token.clone(),
    }
}

async fn dashboard(user: &Signed<'_>) -> Value {
    let response = user.get("/api/dashboard/user/").await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_started_on_one_node_works_on_the_other_and_its_end_reaches_it_within_a_second() {
    let a = spawn_app().await;
    let b = spawn_node(&a.database_url).await;
    let on_a = a.sign_in_as("ada@example.com").await;
    let on_b = on(&b, &on_a);
    let me: Value = on_b.get("/api/auth/me").await.json().await.expect("json");
    assert_eq!(me["email"], "ada@example.com");

    // B has the session in its one-second cache now; A ends it.
    assert_eq!(on_b.get("/api/auth/me").await.status(), 200);
    assert_eq!(
        on_a.post("/api/auth/logout", &json!({})).await.status(),
        204
    );
    let ended = Instant::now();
    assert_eq!(on_a.get("/api/auth/me").await.status(), 401, "at once on A");
    loop {
        let status = on_b.get("/api/auth/me").await.status();
        if status == 401 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            ended.elapsed() < Duration::from_millis(1300),
            "B still accepts the ended session after {:?}",
            ended.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("B refused the ended session after {:?}", ended.elapsed());
    assert!(ended.elapsed() <= Duration::from_millis(1300));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_node_is_on_the_other_nodes_next_read() {
    let a = spawn_app().await;
    let b = spawn_node(&a.database_url).await;
    let on_a = a.sign_in_as("ada@example.com").await;
    let on_b = on(&b, &on_a);
    let before = dashboard(&on_b).await;
    assert_eq!(before["call_statistics"]["total_calls"], 0);
    assert_eq!(
        dashboard(&on_b).await,
        before,
        "B serves it from its cache now"
    );

    let now = dashboard::server::db::rfc3339(dashboard::server::db::now_ms() - 60_000);
    ingest_calls(&a, &on_a.user_id, &[(&now, "completed", "+14155550100")]).await;
    assert_eq!(
        dashboard(&on_b).await["call_statistics"]["total_calls"],
        1,
        "B's next read counts the call ingested through A"
    );

    let patched = on_a
        .patch(
            "/api/dashboard/user/profile/",
            &json!({"first_name": "Augusta"}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    assert_eq!(
        dashboard(&on_b).await["user"]["full_name"],
        "Augusta Lovelace"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_avatar_uploaded_through_one_node_is_served_by_the_other() {
    let a = spawn_app().await;
    let b = spawn_node(&a.database_url).await;
    let on_a = a.sign_in_as("ada@example.com").await;
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        64,
        64,
        image::Rgb([0, 128, 255]),
    ))
    .write_to(&mut png, image::ImageFormat::Png)
    .expect("png");
    let part = reqwest::multipart::Part::bytes(png.into_inner())
        .file_name("me.png")
        .mime_str("image/png")
        .expect("mime");
    let uploaded = a
        .client
        .post(a.url("/api/dashboard/user/avatar/"))
        .bearer_auth(&on_a.token)
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .expect("request");
    assert_eq!(uploaded.status(), 200);
    let body: Value = uploaded.json().await.expect("json");
    let url = body["avatar"].as_str().expect("avatar url");

    let from_a = a.client.get(a.url(url)).send().await.expect("request");
    let from_b = b.client.get(b.url(url)).send().await.expect("request");
    assert_eq!(from_b.status(), 200, "B serves {url}");
    assert_eq!(
        from_b.headers()["content-type"],
        from_a.headers()["content-type"]
    );
    let (a_bytes, b_bytes) = (
        from_a.bytes().await.expect("bytes"),
        from_b.bytes().await.expect("bytes"),
    );
    assert!(!b_bytes.is_empty());
    assert_eq!(a_bytes, b_bytes);
    // And B's view of the user names the same picture.
    assert_eq!(dashboard(&on(&b, &on_a)).await["user"]["avatar"], url);
}
