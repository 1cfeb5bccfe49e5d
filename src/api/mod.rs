//! The shared language of server and browser: DTOs (serde) and `#[server]` function declarations.
//! Everything here compiles for both targets; server-only bodies reach into `crate::server` under `ssr`.

pub mod auth;
pub mod billing;
pub mod error;

pub use error::{ApiError, ErrorCode, FieldErrors};
