//! Integration tests: each test starts the real server on a random port with a fresh database (SQLite by
//! default; a throwaway PostgreSQL database when TEST_DATABASE_URL is set) and talks HTTP to it like a client.

mod account;
mod analytics;
mod auth;
mod avatar;
mod browser;
mod bulk;
mod crash;
mod dashboard;
mod email;
mod errors;
mod export;
mod hardening;
mod helpers;
mod i18n;
mod ingest;
mod jwt;
mod multinode;
mod onboarding;
mod openapi;
mod ops;
mod overview;
mod profile_ui;
mod security;
mod shutdown;
mod subscription;
mod subscription_ui;
mod support;
mod themes;
mod throttle;
pub mod two_factor;
