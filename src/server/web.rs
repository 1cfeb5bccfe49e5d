//! The server side of the UI's server functions: the same services as the REST face, plus what only a
//! browser needs — the session cookie, redirects, and error reporting that also works for plain HTML forms.

use crate::{
    api::{
        auth::{DeleteAccountRequest, RegisterRequest, User},
        settings::Theme,
        ApiError, ErrorCode,
    },
    server::{
        auth::{self, cookies, ClientInfo},
        services::{accounts, onboarding, security},
        AppError, AppState,
    },
};
use http::{header, request::Parts, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// What every server function needs from the request it runs in.
pub(crate) struct Request {
    pub(crate) state: AppState,
    pub(crate) parts: Parts,
    pub(crate) response: ResponseOptions,
}

impl Request {
    pub(crate) fn current() -> Result<Self, ApiError> {
        let missing = || ApiError::new(ErrorCode::Internal, "Server context is missing.");
        Ok(Self {
            state: use_context::<AppState>().ok_or_else(missing)?,
            parts: use_context::<Parts>().ok_or_else(missing)?,
            response: use_context::<ResponseOptions>().ok_or_else(missing)?,
        })
    }

    /// Reports `error` with its proper status. A plain HTML form post (no JavaScript) cannot read an error
    /// body, so it is sent back to the page it came from with `?error=<code>` for the page to show.
    pub(crate) fn fail(&self, error: AppError) -> ApiError {
        if let Some(secs) = error.retry_after() {
            self.response
                .insert_header(header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
        let error = error.to_api();
        self.response.set_status(
            StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::BAD_REQUEST),
        );
        if is_form_post(&self.parts) {
            if let Some(back) = self
                .parts
                .headers
                .get(header::REFERER)
                .and_then(|r| r.to_str().ok())
            {
                let back = with_error_param(back, error.code);
                leptos_axum::redirect(&with_field_errors(&back, self.parts.uri.path(), &error));
            }
        }
        error
    }

    /// Sends a plain HTML form post that succeeded back to the page it came from, as leptos would, but
    /// without the `?error=` an earlier failed post left there (it would show that old error again) and
    /// without the bare `?` leptos leaves when it strips its own error parameters.
    pub(crate) fn succeed(&self) {
        if !is_form_post(&self.parts) {
            return;
        }
        if let Some(back) = self
            .parts
            .headers
            .get(header::REFERER)
            .and_then(|r| r.to_str().ok())
        {
            leptos_axum::redirect(&without_error_param(back));
        }
    }

    /// `succeed`, with `?done=<what>` added: a page rendered after that redirect has no action value to read
    /// the outcome from, so this is how it learns what to confirm.
    pub(crate) fn succeed_with(&self, done: &str) {
        if !is_form_post(&self.parts) {
            return;
        }
        if let Some(back) = self
            .parts
            .headers
            .get(header::REFERER)
            .and_then(|r| r.to_str().ok())
        {
            leptos_axum::redirect(&with_done_param(&without_error_param(back), done));
        }
    }

    pub(crate) fn set_cookie(&self, value: http::HeaderValue) {
        self.response.append_header(header::SET_COOKIE, value);
    }

    pub(crate) fn secure(&self) -> bool {
        self.state.settings.secure_cookies()
    }
}

/// The theme of the page being rendered: the signed-in user's, as `startup::page_requests` found it, or `auto`
/// for a visitor.
pub fn page_theme() -> Theme {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<Theme>().copied())
        .unwrap_or_default()
}

/// Runs `work` for the signed-in user of this request: the one door through which every dashboard server
/// function reaches the services. Failures get their HTTP status (and, for a plain HTML form post, a redirect
/// back to the form with `?error=`); no session is a 401.
pub async fn as_user<T, F, Fut>(work: F) -> Result<T, ApiError>
where
    F: FnOnce(AppState, auth::AuthUser) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let request = Request::current()?;
    let result = match auth::authenticate(&request.parts.headers, &request.state).await {
        Ok(user) => work(request.state.clone(), user).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(value) => {
            request.succeed();
            Ok(value)
        }
        Err(e) => Err(request.fail(e)),
    }
}

/// `as_user` for a form whose page confirms what it did: a plain HTML form post that succeeded goes back to
/// its page with `?done=<done>` (the wasm client reads the returned value instead).
pub async fn as_user_done<T, F, Fut>(done: &str, work: F) -> Result<T, ApiError>
where
    F: FnOnce(AppState, auth::AuthUser) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let value = as_user(work).await?;
    Request::current()?.succeed_with(done);
    Ok(value)
}

/// Runs `work` for a request that needs no session (the pages opened from mailed links and the forms that ask
/// for them), with the same error handling as `as_user`. A success is left to the caller, which knows where
/// the browser goes next.
pub async fn as_visitor<T, F, Fut>(work: F) -> Result<T, ApiError>
where
    F: FnOnce(AppState, ClientInfo) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let request = Request::current()?;
    work(
        request.state.clone(),
        ClientInfo::from_parts(&request.parts),
    )
    .await
    .map_err(|e| request.fail(e))
}

/// A browser without JavaScript posting a form to a server function. Not a page being rendered: the
/// server functions a page's resources call during server-side rendering run with that page's GET request,
/// which also accepts HTML, and must never redirect it.
fn is_form_post(parts: &Parts) -> bool {
    parts.method == http::Method::POST
        && parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// `url` with its `error` query parameter set to `code` (replacing an older one).
fn with_error_param(url: &str, code: ErrorCode) -> String {
    let (base, mut params) = params_without_error(url);
    let error = format!("error={}", code.as_str());
    params.push(&error);
    format!("{base}?{}", params.join("&"))
}

/// `url` carrying a validation error's field messages the way leptos's own form redirects do (`__path` names
/// the server function, `__err` holds the error): the page's `ServerAction` for that function then starts
/// with the error as its value, so a form posted without JavaScript shows its messages beside each field just
/// as the wasm client does. Errors without fields need only `?error=<code>`.
fn with_field_errors(url: &str, server_fn_path: &str, error: &ApiError) -> String {
    if error.fields.is_empty() {
        return url.to_owned();
    }
    leptos::server_fn::error::ServerFnUrlError::new(server_fn_path, error.clone())
        .to_url(url)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| url.to_owned())
}

/// `url` with `done=<what>` added (the page's confirmation after a plain form post).
fn with_done_param(url: &str, what: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}done={}", urlencoding::encode(what))
}

/// `url` without its `error` query parameter (nor an older `done`).
fn without_error_param(url: &str) -> String {
    match params_without_error(url) {
        (base, params) if params.is_empty() => base.to_owned(),
        (base, params) => format!("{base}?{}", params.join("&")),
    }
}

fn params_without_error(url: &str) -> (&str, Vec<&str>) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let params = query
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with("error=")
                && !p.starts_with("done=")
                && !p.starts_with("__err=")
                && !p.starts_with("__path=")
        })
        .collect();
    (base, params)
}

/// Only local paths are followed after sign-in, so `?next=` cannot send a user to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), ApiError> {
    let request = Request::current()?;
    let client = ClientInfo::from_parts(&request.parts);
    let result = async {
        match accounts::sign_in(&request.state, &email, &password, &client).await? {
            accounts::SignInStep::Done(user) => {
                accounts::start_browser_session(&request.state, &user, &client)
                    .await
                    .map(Ok)
            }
            accounts::SignInStep::TwoFactor(challenge) => Ok(Err(challenge)),
        }
    }
    .await;
    match result {
        Ok(Ok(cookie)) => {
            start_cookie_session(&request, &cookie);
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        // 2FA is on: the challenge waits in its own short-lived cookie for the login page's code step.
        Ok(Err(challenge)) => {
            crate::server::web_security::await_code(&request, &challenge, next.as_deref());
            Ok(())
        }
        Err(e) => Err(request.fail(e)),
    }
}

pub async fn sign_up(form: RegisterRequest) -> Result<(), ApiError> {
    let request = Request::current()?;
    let client = ClientInfo::from_parts(&request.parts);
    let result = async {
        let user = accounts::register_from(&request.state, form, &client).await?;
        // Only a browser sign-up gets the guided setup (see `services::onboarding`).
        onboarding::begin(&request.state, &user.id).await?;
        accounts::start_browser_session(&request.state, &user, &client).await
    }
    .await;
    match result {
        Ok(cookie) => {
            start_cookie_session(&request, &cookie);
            leptos_axum::redirect("/welcome");
            Ok(())
        }
        Err(e) => Err(request.fail(e)),
    }
}

pub(crate) fn start_cookie_session(request: &Request, cookie: &str) {
    let max_age = request.state.settings.auth.session_ttl.as_secs() as i64;
    request.set_cookie(cookies::session_set_cookie(
        cookie,
        max_age,
        request.secure(),
    ));
}

pub async fn sign_out() -> Result<(), ApiError> {
    let request = Request::current()?;
    if let Ok(user) = auth::authenticate(&request.parts.headers, &request.state).await {
        if let Err(e) = accounts::end_session(&request.state, &user.session_id).await {
            return Err(request.fail(e));
        }
    }
    request.set_cookie(cookies::session_clear_cookie(request.secure()));
    leptos_axum::redirect("/login");
    Ok(())
}

/// Deletes the signed-in user's account (the same service as the REST face), clears the session cookie and
/// sends the browser to the goodbye page. A wrong password or confirmation goes back to the form like any
/// other failure.
pub async fn delete_account(request: DeleteAccountRequest) -> Result<(), ApiError> {
    let web = Request::current()?;
    let result = match auth::authenticate(&web.parts.headers, &web.state).await {
        Ok(user) => security::delete_account(&web.state, &user, request).await,
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        return Err(web.fail(e));
    }
    web.set_cookie(cookies::session_clear_cookie(web.secure()));
    leptos_axum::redirect("/goodbye");
    Ok(())
}

pub async fn current_user() -> Result<Option<User>, ApiError> {
    let request = Request::current()?;
    match auth::authenticate(&request.parts.headers, &request.state).await {
        Ok(auth) => accounts::user(&request.state, &auth.user_id)
            .await
            .map(Some)
            .map_err(|e| request.fail(e)),
        Err(AppError::Api(e)) if e.code == ErrorCode::Unauthorized => Ok(None),
        Err(e) => Err(request.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next(Some("/calls?page=2")), "/calls?page=2");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn error_param_replaces_an_older_one() {
        assert_eq!(
            with_error_param("/login", ErrorCode::InvalidCredentials),
            "/login?error=invalid_credentials"
        );
        assert_eq!(
            with_error_param("/login?next=%2Fcalls&error=x", ErrorCode::RateLimited),
            "/login?next=%2Fcalls&error=rate_limited"
        );
    }

    #[test]
    fn a_success_drops_the_error_param_and_keeps_the_others() {
        assert_eq!(
            without_error_param("/notifications?error=not_found&unread_only=true"),
            "/notifications?unread_only=true"
        );
        assert_eq!(
            without_error_param("/subscription?error=bad_request"),
            "/subscription"
        );
        assert_eq!(without_error_param("/subscription"), "/subscription");
        assert_eq!(
            with_done_param(
                &without_error_param("/security?done=password&page=2"),
                "session-ended"
            ),
            "/security?page=2&done=session-ended"
        );
        assert_eq!(
            with_done_param(
                &without_error_param("/security?error=not_found"),
                "password"
            ),
            "/security?done=password"
        );
        assert_eq!(without_error_param("/subscription?"), "/subscription");
        assert_eq!(
            without_error_param("/profile?error=validation_failed&__path=%2Fapi%2Ffn&__err=e30"),
            "/profile"
        );
    }

    #[test]
    fn field_errors_travel_in_the_url_for_the_page_action() {
        let mut fields = crate::api::FieldErrors::new();
        fields.insert("phone".into(), vec!["Use the international format.".into()]);
        let url = with_field_errors(
            "http://host/profile?error=validation_failed",
            "/api/fn/profile/update",
            &ApiError::validation(fields),
        );
        // The query value is percent-encoded; base64's padding is its only escaped character.
        let encoded = url
            .split("__err=")
            .nth(1)
            .unwrap_or_default()
            .replace("%3D", "=");
        let decoded = leptos::server_fn::error::ServerFnUrlError::<ApiError>::decode_err(&encoded);
        assert_eq!(
            decoded.field("phone"),
            Some("Use the international format.")
        );
        assert!(url.contains("__path=%2Fapi%2Ffn%2Fprofile%2Fupdate"));
        let plain = with_field_errors("http://host/x", "/api/fn/x", &ApiError::unauthorized());
        assert_eq!(plain, "http://host/x");
    }
}
