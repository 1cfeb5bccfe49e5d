//! The shared language of server and browser: DTOs (serde) and `#[server]` function declarations.
//! Everything here compiles for both targets; server-only bodies reach into `crate::server` under `ssr`.

pub mod analytics;
pub mod auth;
pub mod billing;
pub mod calls;
pub mod dashboard;
pub mod email;
pub mod error;
pub mod language;
pub mod notifications;
pub mod onboarding;
pub mod overview;
pub mod profile;
pub mod security;
pub mod settings;
pub mod support;

pub use error::{ApiError, ErrorCode, FieldErrors};
