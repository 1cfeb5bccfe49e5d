//! Cross-site request forgery: a state-changing request that a browser authenticates with our session cookie
//! must come from our own pages.
//!
//! Browsers send `Origin` on every cross-origin request and on same-origin POSTs (forms included), so an
//! `Origin` (or, lacking it, a `Referer`) naming another site is refused with 403. Requests that carry
//! `Authorization` are not cookie-authenticated (the extractor prefers the bearer token, and a page elsewhere
//! cannot set that header without a CORS preflight we never grant), and the ingestion API uses service keys
//! and no cookie: both pass untouched. Server functions are checked even without a cookie, since signing in
//! through one sets the cookie (login CSRF). `SameSite=Lax` on the cookie is the second line behind this one.

use crate::{
    api::{ApiError, ErrorCode},
    server::{auth::cookies, AppState},
};
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, Method, Request, Response},
    middleware::Next,
    response::IntoResponse,
};

pub async fn same_origin_writes(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response<Body> {
    if needs_check(request.method(), request.uri().path(), request.headers())
        && !from_our_origin(request.headers(), &state.settings.public_url)
    {
        tracing::warn!(
            origin = ?request.headers().get(header::ORIGIN),
            referer = ?request.headers().get(header::REFERER),
            "refused a cross-origin write"
        );
        return ApiError::new(
            ErrorCode::Forbidden,
            "Cross-origin requests may not change anything here.",
        )
        .into_response();
    }
    next.run(request).await
}

fn needs_check(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || headers.contains_key(header::AUTHORIZATION) {
        return false;
    }
    cookies::session_cookie(headers).is_some() || path.starts_with("/api/fn/")
}

/// True when the request names no other origin. A request with neither header is not from a browser page
/// (browsers always send one of them on a POST), so it cannot be a forgery riding a browser's cookie.
fn from_our_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let claimed = match headers.get(header::ORIGIN) {
        Some(origin) => origin.to_str().ok().map(str::to_owned),
        None => match headers.get(header::REFERER) {
            Some(referer) => referer.to_str().ok().and_then(origin_of),
            None => return true,
        },
    };
    // `Origin: null` (sandboxed frames, opaque origins) or an unreadable value are treated as foreign.
    let Some(claimed) = claimed.filter(|c| c != "null") else {
        return false;
    };
    if origin_of(public_url).is_some_and(|ours| ours.eq_ignore_ascii_case(&claimed)) {
        return true;
    }
    // Reached directly (no proxy, or one that keeps Host): the origin the browser used is this Host. The
    // scheme is not compared: behind a TLS-terminating proxy we see http while the browser saw https.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let authority = claimed.split_once("://").map(|(_, rest)| rest);
    matches!((host, authority), (Some(h), Some(a)) if h.eq_ignore_ascii_case(a))
}

/// `scheme://host[:port]` of a URL, without path, query or fragment.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!authority.is_empty()).then(|| format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).expect("value"));
        }
        map
    }

    #[test]
    fn the_public_origin_and_the_host_are_ours() {
        let ours = "https://dash.example.com";
        assert!(from_our_origin(&headers(&[(header::ORIGIN, ours)]), ours));
        assert!(from_our_origin(
            &headers(&[
                (header::ORIGIN, "http://127.0.0.1:3000"),
                (header::HOST, "127.0.0.1:3000")
            ]),
            ours
        ));
        assert!(from_our_origin(
            &headers(&[(header::REFERER, "https://dash.example.com/settings?x=1")]),
            ours
        ));
    }

    #[test]
    fn other_sites_and_opaque_origins_are_not() {
        let ours = "https://dash.example.com";
        for origin in [
            "https://evil.example",
            "null",
            "https://dash.example.com.evil.example",
        ] {
            let h = headers(&[(header::ORIGIN, origin), (header::HOST, "dash.example.com")]);
            assert!(!from_our_origin(&h, ours), "{origin}");
        }
        assert!(!from_our_origin(
            &headers(&[(header::REFERER, "https://evil.example/dash.example.com")]),
            ours
        ));
    }

    #[test]
    fn bearer_and_safe_requests_are_not_checked() {
        let cookie = (header::COOKIE, "dashboard_session=a.b");
        assert!(needs_check(
            &Method::POST,
            "/api/x",
            &headers(std::slice::from_ref(&cookie))
        ));
        assert!(!needs_check(
            &Method::GET,
            "/api/x",
            &headers(std::slice::from_ref(&cookie))
        ));
        assert!(!needs_check(
            &Method::POST,
            "/api/x",
            &headers(&[cookie, (header::AUTHORIZATION, "Bearer t")])
        ));
        assert!(!needs_check(
            &Method::POST,
            "/api/ingest/calls",
            &HeaderMap::new()
        ));
        assert!(needs_check(
            &Method::POST,
            "/api/fn/sign_in",
            &HeaderMap::new()
        ));
    }
}
