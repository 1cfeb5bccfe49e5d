//! What every HTTP request passes through besides its handler: the browser-hardening headers and the
//! Content-Security-Policy nonce (`security`), the cross-origin check for cookie-authenticated writes (`csrf`),
//! the bound on request bodies (`body_limit`), the page's language (`locale`), and the operator's view —
//! probes (`health`) and Prometheus metrics (`metrics`).

pub mod body_limit;
pub mod csrf;
pub mod health;
pub mod locale;
pub mod metrics;
pub mod security;
