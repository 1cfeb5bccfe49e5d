//! Account settings and dashboard preferences: the DTOs of `/api/dashboard/user/settings/` and
//! `/preferences/`. PATCH bodies merge: keys not sent keep their value; unknown keys are refused.

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
