//! Probes for load balancers and orchestrators, on the public listener and without authentication.
//!
//! `/healthz` says the process is alive and serving (restart it if not); it touches nothing else, so a
//! database outage does not get every node restarted at once. `/readyz` says this node can do its work: the
//! database answers and has every migration this binary embeds (take it out of rotation if not). They reveal
//! no more than those two facts.

use crate::server::{db, AppState};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde_json::json;
use std::time::Duration;

/// A probe that waits longer than the prober's own timeout is no answer at all.
const DB_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

async fn readyz(State(state): State<AppState>) -> Response {
    let check = async {
        db::ops::ping(&state.db).await?;
        db::ops::pending_migrations(&state.db).await
    };
    let (status, database, pending) = match tokio::time::timeout(DB_TIMEOUT, check).await {
        Ok(Ok(0)) => (StatusCode::OK, "ok", 0),
        Ok(Ok(pending)) => (StatusCode::SERVICE_UNAVAILABLE, "ok", pending),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable", 0)
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "timeout", 0),
    };
    let ready = status == StatusCode::OK;
    let body = json!({
        "status": if ready { "ready" } else { "not_ready" },
        "checks": {"database": database, "pending_migrations": pending},
    });
    (status, Json(body)).into_response()
}
