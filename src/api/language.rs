//! Choosing the UI's language from the header's switcher. With JavaScript the page switches at once and this
//! only remembers the choice; without, it is a plain form post that is sent back to the page it came from.

use super::ApiError;
use leptos::prelude::*;

/// Remembers `language` (en, ur or ar) in the `lang` cookie and, for a signed-in user, as their preference;
/// answers the code it saved.
#[server(endpoint = "language")]
pub async fn set_language(language: String) -> Result<String, ApiError> {
    use crate::{
        api::settings::PreferencesPatch,
        server::{auth, services, web::Request, AppError},
        ui::locale::Locale,
    };
    let request = Request::current()?;
    let Ok(locale) = language.parse::<Locale>() else {
        return Err(request.fail(AppError::field(
            "language",
            "Choose English, Urdu or Arabic.",
        )));
    };
    remember_language(&request, locale);
    if let Ok(user) = auth::authenticate(&request.parts.headers, &request.state).await {
        let patch = PreferencesPatch {
            language: Some(language),
            ..PreferencesPatch::default()
        };
        services::settings::update_preferences(&request.state, &user.user_id, patch)
            .await
            .map_err(|e| request.fail(e))?;
    }
    request.succeed();
    Ok(leptos_i18n::Locale::as_str(locale).to_owned())
}

/// Sets the `lang` cookie on the response of the current server function, so a later visit (or a visitor who
/// signs out) keeps the language.
#[cfg(feature = "ssr")]
pub(crate) fn remember_language(
    request: &crate::server::web::Request,
    locale: crate::ui::locale::Locale,
) {
    request.set_cookie(crate::server::http::locale::lang_cookie(
        locale,
        request.secure(),
    ));
}
