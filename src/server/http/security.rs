//! Security headers on every response, and the per-request nonce that lets our own inline scripts run under a
//! Content-Security-Policy without `'unsafe-inline'`.
//!
//! Leptos writes inline `<script>`s (the hydration bootstrap, serialized resources); each must carry the
//! nonce the policy names. The middleware makes the nonce, keeps it in the request's extensions and writes it
//! into the header; `provide_request_nonce` (run as Leptos context, after leptos_axum's own
//! `provide_nonce`) hands the same value to the renderer, so the header and the tags agree.
//!
//! No inline style is used anywhere (the charts are SVG attributes and classes), so `style-src` is `'self'`.
//! `'wasm-unsafe-eval'` is what lets the page compile its own WebAssembly; it permits no JavaScript eval.

use crate::server::AppState;
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, HeaderName, HeaderValue, Request, Response},
    middleware::Next,
};

/// The nonce of the current request, as put into the request's extensions.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";
/// Two years, the preload list's minimum; only sent when the public URL is https.
const HSTS: &str = "max-age=63072000; includeSubDomains";

pub async fn headers(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response<Body> {
    // 128 bits of OS randomness, base64url: every character is allowed in a CSP nonce.
    let nonce = crate::server::auth::random_token(16);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let dev = state.leptos_options.env == leptos::config::Env::DEV;
    apply(
        response.headers_mut(),
        &nonce,
        state.settings.secure_cookies(),
        dev,
    );
    response
}

/// The policy for one response. In development the live-reload script talks to cargo-leptos over a websocket.
pub fn content_security_policy(nonce: &str, dev: bool) -> String {
    let connect = if dev { "'self' ws: wss:" } else { "'self'" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

fn apply(headers: &mut HeaderMap, nonce: &str, https: bool, dev: bool) {
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(nonce, dev),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Older browsers ignore frame-ancestors; they know this one.
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
}

/// Leptos context: replaces the nonce leptos_axum generated with the one the CSP header names. Registered with
/// `leptos_routes_with_context` and the file-and-error handler, which call it after their own contexts.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_never_allows_inline_script_or_framing() {
        let policy = content_security_policy("abc", false);
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("ws:"));
    }

    #[test]
    fn hsts_only_over_https() {
        let mut plain = HeaderMap::new();
        apply(&mut plain, "n", false, false);
        assert!(plain.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        let mut tls = HeaderMap::new();
        apply(&mut tls, "n", true, false);
        assert_eq!(tls[header::STRICT_TRANSPORT_SECURITY], HSTS);
    }
}
