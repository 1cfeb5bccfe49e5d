//! The one piece of shared state: handed to axum handlers as `State<AppState>` and to server functions as
//! Leptos context (`expect_context::<AppState>()`), so both faces reach the same pool and keys.

use super::{
    auth::{passwords::Passwords, sessions::SessionCache, tokens::TokenKeys},
    config::Settings,
    db::Db,
    http::metrics::Metrics,
    mail::Mailer,
    services::{
        billing::provider::{BillingProvider, TestProvider},
        cache::DashboardCache,
        stats::StatsWorker,
    },
};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub tokens: Arc<TokenKeys>,
    pub passwords: Arc<Passwords>,
    pub sessions: SessionCache,
    pub stats: StatsWorker,
    pub cache: DashboardCache,
    /// Who holds the cards and moves the money; the built-in test provider until a real one is configured.
    pub billing: Arc<dyn BillingProvider>,
    /// Delivers the outbox (SMTP, or the dev outbox without SMTP_URL).
    pub mailer: Mailer,
    pub leptos_options: LeptosOptions,
    /// This application's own Prometheus registry (see `http::metrics`).
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings, leptos_options: LeptosOptions) -> Self {
        Self {
            tokens: Arc::new(TokenKeys::new(&settings)),
            passwords: Arc::new(Passwords::new()),
            sessions: SessionCache::new(),
            stats: StatsWorker::new(),
            cache: DashboardCache::new(settings.ops.cache_capacity),
            billing: Arc::new(TestProvider),
            mailer: Mailer::new(&settings.mail),
            settings: Arc::new(settings),
            db,
            leptos_options,
            metrics: Arc::new(Metrics::new().expect("the metric names are valid and distinct")),
        }
    }
}
