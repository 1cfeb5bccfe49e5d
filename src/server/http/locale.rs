//! Which language a page is rendered in, decided before rendering so the HTML arrives in it (no flash, and the
//! hydrating browser reads the same choice back from `<html lang>`).
//!
//! The order: the signed-in user's saved `language` preference, else the `lang` cookie (set by the header's
//! switcher, for visitors too), else the browser's `Accept-Language`, else English. The choice is put in the
//! request's extensions as a `RequestLocale`; `ui::App` hands it to leptos_i18n.

use crate::{
    server::{auth, services, AppState},
    ui::locale::{Locale, LANG_COOKIE},
};
use axum::{body::Body, extract::State, http::Request, response::Response};
use cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use http::{header, HeaderMap, HeaderValue};
use leptos_i18n::Locale as _;

/// The language of the page being rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLocale(pub Locale);

/// Resolves the language for every request that may render a page (not the REST API, not static files).
pub async fn resolve(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: axum::middleware::Next,
) -> Response<Body> {
    let path = request.uri().path();
    let renders =
        !(path.starts_with("/api/") || path.starts_with("/pkg/") || path.starts_with("/media/"));
    if renders {
        let locale = choose(&state, request.headers()).await;
        request.extensions_mut().insert(RequestLocale(locale));
    }
    next.run(request).await
}

/// The preference, the cookie, the browser's languages, English — the first that names one of ours.
pub async fn choose(state: &AppState, headers: &HeaderMap) -> Locale {
    if let Ok(user) = auth::authenticate(headers, state).await {
        if let Ok(preferences) = services::settings::preferences(state, &user.user_id).await {
            if let Ok(locale) = preferences.language.parse::<Locale>() {
                return locale;
            }
        }
    }
    cookie_locale(headers)
        .or_else(|| accept_language(headers))
        .unwrap_or_default()
}

/// The `lang` cookie, when it names a language we have.
pub fn cookie_locale(headers: &HeaderMap) -> Option<Locale> {
    crate::server::auth::cookies::request_cookie(headers, LANG_COOKIE)?
        .parse::<Locale>()
        .ok()
}

/// The best of ours for `Accept-Language` (`ur-PK,ur;q=0.9,en;q=0.8` → ur), or none when nothing matches. The
/// weights are dropped: browsers send the list already in order of preference.
pub fn accept_language(headers: &HeaderMap) -> Option<Locale> {
    let header = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let wanted: Vec<&str> = header
        .split(',')
        .map(|part| part.split(';').next().unwrap_or_default().trim())
        .filter(|tag| !tag.is_empty() && *tag != "*")
        .collect();
    // `find_locale` falls back to the default when nothing matches; only a real match counts here.
    let found = Locale::find_locale(&wanted);
    let matches = wanted.iter().any(|tag| {
        tag.split('-')
            .next()
            .is_some_and(|primary| primary.eq_ignore_ascii_case(found.as_str()))
    });
    matches.then_some(found)
}

/// `lang=<code>` for a year, for the whole site. Not secret, but scripts have no need to read it.
pub fn lang_cookie(locale: Locale, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((LANG_COOKIE, locale.as_str()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(CookieDuration::days(365))
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).expect("header"));
        h
    }

    #[test]
    fn accept_language_picks_the_first_language_we_have() {
        let pick = |v: &str| accept_language(&headers(header::ACCEPT_LANGUAGE, v));
        assert_eq!(pick("ur-PK,ur;q=0.9,en;q=0.8"), Some(Locale::ur));
        assert_eq!(pick("ar-EG"), Some(Locale::ar));
        assert_eq!(pick("fr-FR,ar;q=0.5"), Some(Locale::ar));
        assert_eq!(pick("en-US,en;q=0.9"), Some(Locale::en));
        assert_eq!(pick("fr-FR,de;q=0.5"), None);
        assert_eq!(pick("*"), None);
    }

    #[test]
    fn the_cookie_counts_only_when_it_names_one_of_ours() {
        let pick = |v: &str| cookie_locale(&headers(header::COOKIE, v));
        assert_eq!(pick("dashboard_session=x; lang=ar"), Some(Locale::ar));
        assert_eq!(pick("lang=ur"), Some(Locale::ur));
        assert_eq!(pick("lang=fr"), None);
        assert_eq!(pick("other=1"), None);
    }
}
