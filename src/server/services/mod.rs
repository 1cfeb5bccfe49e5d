//! The product's rules, once. REST handlers (`rest`) and server functions (`web`) are thin faces over these.

pub mod accounts;
pub mod analytics;
pub mod avatars;
pub mod billing;
pub mod bulk;
pub mod cache;
pub mod calls;
pub mod dashboard;
pub mod demo;
pub mod email;
pub mod export;
pub mod help;
pub mod images;
pub mod ingest;
pub mod notifications;
pub mod onboarding;
pub mod overview;
pub mod security;
pub mod security_events;
pub mod sessions;
pub mod settings;
pub mod stats;
pub mod support;
pub mod throttle;
pub mod two_factor;
