//! Building and running the application: `Application::build` connects and migrates the database, binds the
//! listener (port 0 in tests, so each test gets its own) and assembles the router; `run_until_stopped` serves
//! until Ctrl-C or SIGTERM, then stops accepting, lets in-flight requests finish, stops the stats worker and
//! drains its outbox, and closes the pool.

use super::{
    config::Settings,
    db::{self, Db},
    http::{
        body_limit::{self, MAX_BODY},
        csrf, health, locale, metrics, security,
    },
    rest, services, web, AppState,
};
use crate::{
    api::settings::Theme,
    ui::{shell, App},
};
use axum::{
    body::Body,
    extract::State,
    http::{Request, Response},
    response::IntoResponse,
    Router,
};
use leptos::config::{Env, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tokio::{net::TcpListener, sync::watch, task::JoinHandle};
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("listen: {0}")]
    Io(#[from] std::io::Error),
}

pub struct Application {
    listener: TcpListener,
    /// The separate listener for `/metrics`, when METRICS_ADDR is set.
    metrics_listener: Option<TcpListener>,
    router: Router,
    state: AppState,
    stats_worker: JoinHandle<()>,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let listener = TcpListener::bind(settings.site_addr).await?;
        let metrics_listener = match settings.ops.metrics_addr {
            Some(addr) => Some(TcpListener::bind(addr).await?),
            None => None,
        };
        let address = listener.local_addr()?;
        let state = prepare(settings, address).await?;
        let stats_worker = state.stats.spawn(state.db.clone());
        state.mailer.spawn(state.db.clone());
        Ok(Self {
            router: router(state.clone()),
            listener,
            metrics_listener,
            state,
            stats_worker,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.state.leptos_options.site_addr
    }

    /// Where `/metrics` is served, if anywhere (the real port when METRICS_ADDR named port 0).
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopping) = watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        });
        if let Some(listener) = self.metrics_listener {
            let metrics = metrics::router(self.state.clone());
            let stopping = stopping.clone();
            tokio::spawn(async move {
                axum::serve(listener, metrics)
                    .with_graceful_shutdown(signalled(stopping))
                    .await
            });
        }
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Graceful: the listener closes at once, requests in flight run to completion, bounded by the grace
        // period so one stuck request cannot hold the process past the orchestrator's patience.
        let serve =
            axum::serve(self.listener, service).with_graceful_shutdown(signalled(stopping.clone()));
        let grace = self.state.settings.ops.shutdown_grace;
        let deadline = async {
            signalled(stopping).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            served = serve => served?,
            () = deadline => tracing::warn!(?grace, "grace period over: exiting with requests still in flight"),
        }
        finish_background_work(&self.state, self.stats_worker).await;
        Ok(())
    }
}

/// Resolves once the shutdown signal has been seen.
async fn signalled(mut stopping: watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stopped| *stopped).await;
}

/// After the last request: the stats worker finishes its batch and stops, the outbox is folded in completely
/// (every acknowledged ingest is counted before the process exits), and the pool closes cleanly.
async fn finish_background_work(state: &AppState, worker: JoinHandle<()>) {
    state.stats.stop();
    let _ = worker.await;
    match services::stats::drain(&state.db).await {
        Ok(applied) => tracing::info!(applied, "stats outbox drained"),
        // Nothing is lost: the events stay in the outbox and the next node (or this one, restarted) applies them.
        Err(e) => {
            tracing::warn!(error = %e, "stats outbox not drained; it will be applied after restart")
        }
    }
    db::ops::close(&state.db).await;
    tracing::info!("stopped");
}

/// Connects and migrates the database and builds the shared state, without listening or starting background
/// work: what the server builds on, and all that one-shot commands (`seed-demo`) need.
pub async fn prepare(settings: Settings, address: SocketAddr) -> Result<AppState, StartupError> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    services::billing::seed_default_plans(&db).await?;
    let leptos_options = LeptosOptions::builder()
        .output_name(env!("CARGO_PKG_NAME"))
        .site_root(settings.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .env(leptos_env())
        .build();
    Ok(AppState::new(db, settings, leptos_options))
}

/// cargo-leptos sets LEPTOS_ENV=DEV under `cargo leptos watch`, which turns on live reload; anything else is
/// served as production.
fn leptos_env() -> Env {
    match std::env::var("LEPTOS_ENV").as_deref() {
        Ok("DEV") | Ok("dev") | Ok("development") => Env::DEV,
        _ => Env::PROD,
    }
}

/// The pages' routes, worked out once per process. Generating them renders the app with resource loading
/// suppressed through a process-wide flag, and a page whose resource first runs meanwhile, in any server of
/// the process, waits forever (leptos-rs/leptos#4773). One server per process never meets that; the tests,
/// which start a server per test, met it as responses that stalled mid-body.
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: REST under `/api`, server functions under `/api/fn`, the Leptos pages, and the
/// compiled site's static files.
pub fn router(state: AppState) -> Router {
    let routes = page_routes();
    let options = state.leptos_options.clone();
    Router::new()
        .merge(rest::router())
        .merge(health::router())
        .leptos_routes_with_context(
            &state,
            routes,
            security::provide_request_nonce,
            move || shell(options.clone(), web::page_theme()),
        )
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(state.clone(), page_requests))
        .layer(axum::middleware::from_fn_with_state(state.clone(), locale::resolve))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::same_origin_writes,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::from_fn(body_limit::refuse_oversized))
        .layer(axum::middleware::map_response(rest::json_payload_too_large))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        // Every log line written while a request is handled carries its id (a field of this span), and the
        // line that closes it says how it ended.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let request_id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Runs before a page is rendered, and authenticates its request once for two purposes.
///
/// A visitor who asks for a page of the dashboard is sent to `/login?next=…`. The UI redirects too (for
/// navigation inside the hydrated app), but on the server the decision must come before streaming starts, and
/// a middleware makes it deterministic: measured, the in-page redirect sometimes lost the race with the
/// response head under load.
///
/// A signed-in user's theme goes into the request's extensions, where the HTML shell reads it
/// (`web::page_theme`), so the page arrives in its colours and never flashes the other ones. It costs one
/// primary-key read a page; the session check itself is cached (`auth::sessions`).
async fn page_requests(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: axum::middleware::Next,
) -> Response<Body> {
    let path = request.uri().path();
    let not_a_page = path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path.starts_with("/media/")
        || matches!(path, "/healthz" | "/readyz")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'));
    if not_a_page || request.method() != axum::http::Method::GET {
        return next.run(request).await;
    }
    let public = matches!(
        path,
        "/login"
            | "/register"
            | "/verify-email"
            | "/forgot-password"
            | "/reset-password"
            | "/goodbye"
    );
    match crate::server::auth::authenticate(request.headers(), &state).await {
        Ok(user) => {
            let theme = services::settings::theme(&state, &user.user_id)
                .await
                .unwrap_or_else(|e| {
                    // A page is worth more than its colours: it is drawn in `auto` instead.
                    tracing::warn!(error = %e, "theme lookup failed");
                    Theme::default()
                });
            request.extensions_mut().insert(theme);
        }
        Err(_) if !public => return to_login(&request),
        Err(_) => {}
    }
    next.run(request).await
}

fn to_login(request: &Request<Body>) -> Response<Body> {
    let here = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = if here == "/" {
        "/login".to_owned()
    } else {
        format!("/login?next={}", urlencoding::encode(here))
    };
    (
        axum::http::StatusCode::FOUND,
        [(axum::http::header::LOCATION, target)],
    )
        .into_response()
}

/// API paths get a JSON 404; everything else is a static file of the site or the UI's 404 page.
async fn fallback(State(state): State<AppState>, request: Request<Body>) -> Response<Body> {
    if request.uri().path().starts_with("/api/") {
        return rest::not_found().await.into_response();
    }
    let handler = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        security::provide_request_nonce,
        |options| shell(options, web::page_theme()),
    );
    handler(request.uri().clone(), State(state), request)
        .await
        .into_response()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
