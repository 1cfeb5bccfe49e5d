//! The browser's session cookie: `dashboard_session=<session id>.<secret>`, HttpOnly (scripts never see it),
//! SameSite=Lax (not sent on cross-site sub-requests or form posts), Secure when the site is served over
//! https, scoped to the whole site.

use cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use http::{header, HeaderMap, HeaderValue};

pub const SESSION_COOKIE: &str = "dashboard_session";

/// The value of the request's cookie called `name`, if it carries one (across all its `Cookie` headers).
pub fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The raw value of the session cookie, if the request carries one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    request_cookie(headers, SESSION_COOKIE)
}

pub fn session_set_cookie(value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::seconds(max_age_secs))
        .build();
    to_header(&cookie)
}

pub fn session_clear_cookie(secure: bool) -> HeaderValue {
    let cookie = Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::ZERO)
        .build();
    to_header(&cookie)
}

fn to_header(cookie: &Cookie<'_>) -> HeaderValue {
    // Names and values are ours (base64url and UUIDs), so the header is always valid.
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}
