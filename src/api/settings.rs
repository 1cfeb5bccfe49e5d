//! Account settings and dashboard preferences: the DTOs of `/api/dashboard/user/settings/` and
//! `/preferences/`. PATCH bodies merge: keys not sent keep their value; unknown keys are refused.

use super::ApiError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Settings {
    pub notification_preferences: NotificationPreferences,
    pub privacy_settings: PrivacySettings,
    pub call_preferences: CallPreferences,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationPreferences {
    pub email_notifications: bool,
    pub sms_notifications: bool,
    pub marketing_emails: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PrivacySettings {
    /// public or private.
    pub profile_visibility: String,
    pub call_recording_consent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CallPreferences {
    pub auto_record_calls: bool,
    pub ai_assistance_enabled: bool,
    /// low, standard or high.
    pub call_quality: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    pub notification_preferences: Option<NotificationPreferencesPatch>,
    pub privacy_settings: Option<PrivacySettingsPatch>,
    pub call_preferences: Option<CallPreferencesPatch>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferencesPatch {
    pub email_notifications: Option<bool>,
    pub sms_notifications: Option<bool>,
    pub marketing_emails: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrivacySettingsPatch {
    pub profile_visibility: Option<String>,
    pub call_recording_consent: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallPreferencesPatch {
    pub auto_record_calls: Option<bool>,
    pub ai_assistance_enabled: Option<bool>,
    pub call_quality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Preferences {
    /// light, dark or auto (follows the system).
    pub theme: String,
    /// en, ur or ar.
    pub language: String,
    /// An IANA time zone, e.g. Asia/Karachi.
    pub timezone: String,
    /// default, compact or detailed.
    pub dashboard_layout: String,
    /// The overview's widgets, in display order.
    pub dashboard_widgets: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub theme: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub dashboard_layout: Option<String>,
    pub dashboard_widgets: Option<Vec<String>>,
}

pub const THEMES: [&str; 3] = ["light", "dark", "auto"];

/// The colour theme a page is drawn in: the `data-theme` of its `<html>`, which the stylesheet keys on.
/// `Auto` follows the system's light or dark setting (`prefers-color-scheme`); it is what visitors and users
/// who never chose get.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

impl Theme {
    /// One of `THEMES`, or `None`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            "auto" => Some(Self::Auto),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Auto => "auto",
        }
    }

    /// The `<meta name="color-scheme">` value: which schemes the page supports before the stylesheet loads.
    pub fn color_schemes(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Auto => "light dark",
        }
    }
}
pub const LANGUAGES: [&str; 3] = ["en", "ur", "ar"];
pub const LAYOUTS: [&str; 3] = ["default", "compact", "detailed"];
pub const VISIBILITIES: [&str; 2] = ["public", "private"];
pub const CALL_QUALITIES: [&str; 3] = ["low", "standard", "high"];
/// Every widget the overview knows how to show.
pub const WIDGETS: [&str; 7] = [
    "call_statistics",
    "subscription_status",
    "recent_calls",
    "usage",
    "recent_activity",
    "notifications",
    "quick_actions",
];

// Server functions for the settings page. Each card of the page is one form, so each saves only its own keys
// (a PATCH of that section) through the same service as the REST PATCH. A checkbox that is not ticked is not
// sent at all by a browser, so a missing flag means "off".

use leptos::prelude::*;

/// The notification, privacy and call settings.
#[server(endpoint = "settings")]
pub async fn get_settings() -> Result<Settings, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::settings::settings(&state, &user.user_id).await
    })
    .await
}

/// Theme, language, time zone and the dashboard's layout and widgets.
#[server(endpoint = "preferences")]
pub async fn get_preferences() -> Result<Preferences, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::settings::preferences(&state, &user.user_id).await
    })
    .await
}

/// Every IANA time zone a user may choose, sorted by name.
#[server(endpoint = "settings/timezones")]
pub async fn list_timezones() -> Result<Vec<String>, ApiError> {
    Ok(crate::server::calendar::Timezone::names())
}

#[server(endpoint = "settings/notifications")]
pub async fn save_notifications(
    email_notifications: Option<String>,
    sms_notifications: Option<String>,
    marketing_emails: Option<String>,
) -> Result<Settings, ApiError> {
    let patch = SettingsPatch {
        notification_preferences: Some(NotificationPreferencesPatch {
            email_notifications: Some(email_notifications.is_some()),
            sms_notifications: Some(sms_notifications.is_some()),
            marketing_emails: Some(marketing_emails.is_some()),
        }),
        ..Default::default()
    };
    save_settings(patch).await
}

#[server(endpoint = "settings/privacy")]
pub async fn save_privacy(
    profile_visibility: String,
    call_recording_consent: Option<String>,
) -> Result<Settings, ApiError> {
    let patch = SettingsPatch {
        privacy_settings: Some(PrivacySettingsPatch {
            profile_visibility: Some(profile_visibility),
            call_recording_consent: Some(call_recording_consent.is_some()),
        }),
        ..Default::default()
    };
    save_settings(patch).await
}

#[server(endpoint = "settings/calls")]
pub async fn save_call_preferences(
    auto_record_calls: Option<String>,
    ai_assistance_enabled: Option<String>,
    call_quality: String,
) -> Result<Settings, ApiError> {
    let patch = SettingsPatch {
        call_preferences: Some(CallPreferencesPatch {
            auto_record_calls: Some(auto_record_calls.is_some()),
            ai_assistance_enabled: Some(ai_assistance_enabled.is_some()),
            call_quality: Some(call_quality),
        }),
        ..Default::default()
    };
    save_settings(patch).await
}

#[cfg(feature = "ssr")]
async fn save_settings(patch: SettingsPatch) -> Result<Settings, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::settings::update_settings(&state, &user.user_id, patch).await
    })
    .await
}

/// Theme, language, time zone and layout (the widgets have their own form).
#[server(endpoint = "preferences/update")]
pub async fn save_preferences(
    theme: String,
    language: String,
    timezone: String,
    dashboard_layout: String,
) -> Result<Preferences, ApiError> {
    let patch = PreferencesPatch {
        theme: Some(theme),
        language: Some(language),
        timezone: Some(timezone),
        dashboard_layout: Some(dashboard_layout),
        dashboard_widgets: None,
    };
    let saved = crate::server::web::as_user(|state, user| async move {
        crate::server::services::settings::update_preferences(&state, &user.user_id, patch).await
    })
    .await?;
    // The `lang` cookie follows the preference, so the language stays after signing out.
    if let (Ok(request), Ok(locale)) = (
        crate::server::web::Request::current(),
        saved.language.parse::<crate::ui::locale::Locale>(),
    ) {
        crate::api::language::remember_language(&request, locale);
    }
    Ok(saved)
}

/// Moves one dashboard widget (`up`, `down`) or shows or hides it (`show`, `hide`). One small form per button,
/// so arranging works from the keyboard and without JavaScript.
#[server(endpoint = "preferences/widget")]
pub async fn arrange_widget(widget: String, change: String) -> Result<Preferences, ApiError> {
    crate::server::web::as_user(|state, user| async move {
        crate::server::services::settings::arrange_widget(&state, &user.user_id, &widget, &change)
            .await
    })
    .await
}

/// What `arrange_widget` does to the ordered list of shown widgets, or why it cannot. Hidden widgets are the
/// ones not in the list; showing one puts it last.
pub fn arranged(widgets: &[String], widget: &str, change: &str) -> Result<Vec<String>, String> {
    if !WIDGETS.contains(&widget) {
        return Err(format!("Unknown widget {widget:?}."));
    }
    let mut list = widgets.to_vec();
    let at = list.iter().position(|w| w == widget);
    match (change, at) {
        ("up", Some(i)) if i > 0 => list.swap(i, i - 1),
        ("down", Some(i)) if i + 1 < list.len() => list.swap(i, i + 1),
        // Already first or last: nothing to do, and not an error (a double click must not fail).
        ("up" | "down", Some(_)) => {}
        ("up" | "down", None) => return Err("Show the widget before moving it.".to_owned()),
        ("show", None) => list.push(widget.to_owned()),
        ("hide", Some(i)) => {
            list.remove(i);
        }
        ("show" | "hide", _) => {}
        _ => return Err("Use one of: up, down, show, hide.".to_owned()),
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::{arranged, Theme, THEMES};

    #[test]
    fn every_stored_theme_name_parses_back_to_itself() {
        for name in THEMES {
            assert_eq!(Theme::parse(name).map(Theme::as_str), Some(name));
        }
        assert_eq!(Theme::parse("sepia"), None);
        assert_eq!(Theme::default(), Theme::Auto);
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn widgets_move_show_and_hide() {
        let start = list(&["usage", "recent_calls", "call_statistics"]);
        assert_eq!(
            arranged(&start, "recent_calls", "up"),
            Ok(list(&["recent_calls", "usage", "call_statistics"]))
        );
        assert_eq!(
            arranged(&start, "recent_calls", "down"),
            Ok(list(&["usage", "call_statistics", "recent_calls"]))
        );
        assert_eq!(arranged(&start, "usage", "up"), Ok(start.clone()));
        assert_eq!(
            arranged(&start, "call_statistics", "down"),
            Ok(start.clone())
        );
        assert_eq!(
            arranged(&start, "usage", "hide"),
            Ok(list(&["recent_calls", "call_statistics"]))
        );
        assert_eq!(
            arranged(&start, "notifications", "show"),
            Ok(list(&[
                "usage",
                "recent_calls",
                "call_statistics",
                "notifications"
            ]))
        );
        assert!(arranged(&start, "notifications", "up").is_err());
        assert!(arranged(&start, "usage", "sideways").is_err());
        assert!(arranged(&start, "weather", "show").is_err());
    }
}
