//! `spawn_app()`: a running server and a client for it.

use dashboard::server::{
    config::{
        AuthSettings, Environment, LogFormat, OpsSettings, QuickActions, Settings, ThrottleSettings,
    },
    db::Db,
    startup::Application,
};
use reqwest::{Client, Response};
use secrecy::SecretString;
use serde_json::{json, Value};

pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub address: String,
    pub client: Client,
    /// The server's own pool, for the few checks a client cannot make (counters against COUNT(*)).
    pub db: Db,
    /// The database this server uses: another node can be started on it (`spawn_node`).
    pub database_url: String,
    /// `http://host:port` of the `/metrics` listener, when the settings asked for one.
    pub metrics_address: Option<String>,
    // Keeps the SQLite folder alive for the test's duration.
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// A server on a fresh database, with its settings adjusted by `configure` first.
pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database_url(&dir).await;
    start(dir, database_url, configure).await
}

/// Another node on the database `database_url` (another test server's `database_url`): what a second
/// machine behind the load balancer would be.
pub async fn spawn_node(database_url: &str) -> TestApp {
    spawn_node_with(database_url, |_| {}).await
}

/// `spawn_node` with its settings adjusted by `configure` (e.g. the same low rate limits as the first node).
pub async fn spawn_node_with(database_url: &str, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    start(dir, database_url.to_owned(), configure).await
}

async fn start(
    dir: tempfile::TempDir,
    database_url: String,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings {
        database_url: database_url.clone(),
        jwt_secret: SecretString::from(JWT_SECRET),
        environment: Environment::Development,
        site_addr: "127.0.0.1:0".parse().expect("address"),
        public_url: "http://127.0.0.1".into(),
        log_format: LogFormat::Pretty,
        site_root: dir.path().join("site").display().to_string(),
        auth: AuthSettings::default(),
        quick_actions: QuickActions {
            chat: Some("https://chat.example.com/new".into()),
            image: None,
            call: None,
        },
        throttle: ThrottleSettings::default(),
        ops: OpsSettings::default(),
        mail: Default::default(),
    };
    configure(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("the application builds");
    let address = format!("http://{}", app.address());
    let metrics_address = app.metrics_address().map(|a| format!("http://{a}"));
    let db = app.state().db.clone();
    tokio::spawn(app.run_until_stopped());
    // The server runs on the test's own (multi-threaded) runtime, like in production. A bounded timeout turns
    // any hang into a failing test instead of a stuck CI run.
    let client = Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    TestApp {
        address,
        client,
        db,
        database_url,
        metrics_address,
        _dir: dir,
    }
}

/// Creates `dashboard_test_<uuid>` next to the database named by `admin_url` and returns its URL.
/// A new, empty database for one test: a SQLite file in `dir`, or a PostgreSQL database when TEST_DATABASE_URL
/// names a server.
pub async fn fresh_database_url(dir: &tempfile::TempDir) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => fresh_postgres_database(&admin_url).await,
        _ => format!("sqlite://{}/dashboard.db", dir.path().display()),
    }
}

async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("dashboard_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL names a database");
    format!("{base}/{name}")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get_with_token(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// Registers `email` with the shared test password.
    pub async fn register(&self, email: &str) -> Response {
        self.post_json(
            "/api/auth/register",
            &json!({"email": email, "password": PASSWORD, "first_name": "Ada", "last_name": "Lovelace"}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_json(
            "/api/auth/login",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers and signs in; returns the token response.
    pub async fn signed_in(&self, email: &str) -> Value {
        assert_eq!(self.register(email).await.status(), 201);
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("token json")
    }
}

/// The `error` object of an error response, after checking its status.
pub async fn error_of(response: Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let body: Value = response.json().await.expect("error bodies are JSON");
    body["error"].clone()
}

impl TestApp {
    /// A fresh service API key for the ingestion API.
    pub async fn api_key(&self) -> String {
        dashboard::server::auth::service_key::create(&self.db, "test service")
            .await
            .expect("api key")
            .1
    }

    /// The id of a freshly registered user.
    pub async fn user_id(&self, email: &str) -> String {
        let response = self.register(email).await;
        assert_eq!(response.status(), 201);
        let user: Value = response.json().await.expect("json");
        user["id"].as_str().expect("id").to_owned()
    }
}

/// A signed-in user of a test server: their id and access token, and request helpers that send the token.
pub struct Signed<'a> {
    pub app: &'a TestApp,
    pub user_id: String,
    pub token: String,
}

impl TestApp {
    /// Registers `email` (password `PASSWORD`) and signs in over REST.
    pub async fn sign_in_as(&self, email: &str) -> Signed<'_> {
        let tokens = self.signed_in(email).await;
        let token = tokens["access_token"].as_str().expect("token").to_owned();
        let me: Value = self
            .get_with_token("/api/auth/me", &token)
            .await
            .json()
            .await
            .expect("json");
        Signed {
            app: self,
            user_id: me["id"].as_str().expect("id").to_owned(),
            token,
        }
    }
}

impl Signed<'_> {
    /// Sets the user's time zone, which dates in filters and series are read in.
    pub async fn set_timezone(&self, name: &str) {
        let response = self
            .patch(
                "/api/dashboard/user/preferences/",
                &json!({"timezone": name}),
            )
            .await;
        assert_eq!(response.status(), 200, "time zone {name}");
    }

    pub async fn get(&self, path: &str) -> Response {
        self.app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("request")
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> Response {
        self.app
            .client
            .request(method, self.app.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(reqwest::Method::POST, path, body).await
    }

    // For the sections with PATCH endpoints; until one is tested, nothing calls it.
    #[allow(dead_code)]
    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.send(reqwest::Method::PATCH, path, body).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.app
            .client
            .delete(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("request")
    }
}

impl TestApp {
    /// Waits until every pending stats event is applied — by this call or by the server's own worker, which
    /// may hold a batch at that moment (on PostgreSQL, SKIP LOCKED makes a concurrent drain pass over it).
    pub async fn settle(&self) {
        use dashboard::server::{db, services::stats};
        for _ in 0..400 {
            stats::drain(&self.db).await.expect("drain");
            if db::stats::pending(&self.db).await.expect("pending") == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("stats events still pending after 10 s");
    }
}

/// Epoch milliseconds of an RFC 3339 time in a response. Compare these, not the strings: the fraction of a
/// second has as many digits as it needs (`…:01Z`, `…:01.5Z`, `…:01.25Z`), so text order is not time order.
pub fn ms(rfc3339: &Value) -> i64 {
    let text = rfc3339.as_str().expect("a timestamp");
    let at = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339");
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}
