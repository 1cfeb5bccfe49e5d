//! Prometheus metrics, served at `/metrics` on their own listener (`METRICS_ADDR`), never on the public one.
//!
//! The `prometheus` crate is used over the `metrics` facade on purpose: each application owns its `Registry`
//! (in `AppState`) instead of installing a process-wide recorder, so the many servers an integration test
//! process starts each count their own requests, and nothing global has to be set exactly once.
//!
//! Requests are labelled by the route *pattern* axum matched (`/api/dashboard/calls/{id}`), never by the raw
//! path, which would give every id its own series; unmatched paths share one label. Pool use and the stats
//! worker's lag are read when scraped, so they are current and cost nothing between scrapes.

use crate::server::{db, AppState};
use axum::{
    body::Body,
    extract::{MatchedPath, State},
    http::{header, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use std::time::Instant;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    in_flight: IntGauge,
    pool: IntGaugeVec,
    outbox_pending: IntGauge,
    outbox_oldest_ms: IntGauge,
}

impl Metrics {
    /// Fails only on an invalid or duplicate metric name: a programming error, caught by any test run.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests answered, by route and status.",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to the response head, by route.",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route"],
        )?;
        let in_flight = IntGauge::new("http_requests_in_flight", "Requests being handled now.")?;
        let pool = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database pool connections, by state.",
            ),
            &["state"],
        )?;
        let outbox_pending = IntGauge::new(
            "stats_outbox_pending",
            "Stats events waiting for the background worker.",
        )?;
        let outbox_oldest_ms = IntGauge::new(
            "stats_outbox_oldest_age_milliseconds",
            "Age of the oldest waiting stats event: how far the worker lags behind (0 when none wait).",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(in_flight.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(outbox_pending.clone()))?;
        registry.register(Box::new(outbox_oldest_ms.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            in_flight,
            pool,
            outbox_pending,
            outbox_oldest_ms,
        })
    }

    /// The text exposition, with the gauges read from the pool and the database now.
    async fn render(&self, db: &db::Db) -> Result<String, String> {
        let (size, idle) = db::ops::pool_use(db);
        self.pool.with_label_values(&["open"]).set(i64::from(size));
        self.pool.with_label_values(&["idle"]).set(idle as i64);
        self.pool
            .with_label_values(&["in_use"])
            .set((i64::from(size) - idle as i64).max(0));
        match db::ops::outbox_lag(db, db::now_ms()).await {
            Ok((pending, oldest)) => {
                self.outbox_pending.set(pending);
                self.outbox_oldest_ms.set(oldest);
            }
            // The request metrics are still worth serving; the gauges keep their last values.
            Err(e) => tracing::warn!(error = %e, "metrics: could not read the stats outbox"),
        }
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .map_err(|e| e.to_string())?;
        String::from_utf8(buffer).map_err(|e| e.to_string())
    }
}

/// Middleware: counts and times every request under the route it matched.
pub async fn track(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let metrics = &state.metrics;
    // Decremented on drop: a request whose client went away is no longer in flight either.
    let _in_flight = InFlight::enter(&metrics.in_flight);
    let started = Instant::now();
    let response = next.run(request).await;
    metrics
        .latency
        .with_label_values(&[method.as_str(), route.as_str()])
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .with_label_values(&[method.as_str(), route.as_str(), response.status().as_str()])
        .inc();
    response
}

struct InFlight(IntGauge);

impl InFlight {
    fn enter(gauge: &IntGauge) -> Self {
        gauge.inc();
        Self(gauge.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The metrics listener's whole surface.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    match state.metrics.render(&state.db).await {
        Ok(text) => ([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], text).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics: encoding failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
