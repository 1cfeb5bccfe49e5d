//! Settings and preferences: read with defaults, PATCH merged key by key. Each key maps to its own column, so
//! concurrent PATCHes of different keys never overwrite each other.

use crate::{
    api::{
        settings::{
            CallPreferences, NotificationPreferences, Preferences, PreferencesPatch,
            PrivacySettings, Settings, SettingsPatch, Theme, CALL_QUALITIES, LANGUAGES, LAYOUTS,
            THEMES, VISIBILITIES, WIDGETS,
        },
        ApiError, FieldErrors,
    },
    server::{
        calendar::Timezone,
        db::{self, settings::SettingsRow, settings::Value},
        AppError, AppState,
    },
};

pub async fn settings(state: &AppState, user_id: &str) -> Result<Settings, AppError> {
    Ok(to_settings(&db::settings::get(&state.db, user_id).await?))
}

pub async fn preferences(state: &AppState, user_id: &str) -> Result<Preferences, AppError> {
    Ok(to_preferences(
        &db::settings::get(&state.db, user_id).await?,
    ))
}

/// The user's time zone (UTC until they choose one).
pub async fn timezone(state: &AppState, user_id: &str) -> Result<Timezone, AppError> {
    Ok(Timezone::or_utc(
        &db::settings::get(&state.db, user_id).await?.timezone,
    ))
}

/// The theme the user's pages are drawn in (`auto` until they choose one).
pub async fn theme(state: &AppState, user_id: &str) -> Result<Theme, AppError> {
    Ok(db::settings::theme(&state.db, user_id)
        .await?
        .and_then(|name| Theme::parse(&name))
        .unwrap_or_default())
}

fn to_settings(row: &SettingsRow) -> Settings {
    Settings {
        notification_preferences: NotificationPreferences {
            email_notifications: row.email_notifications,
            sms_notifications: row.sms_notifications,
            marketing_emails: row.marketing_emails,
        },
        privacy_settings: PrivacySettings {
            profile_visibility: row.profile_visibility.clone(),
            call_recording_consent: row.call_recording_consent,
        },
        call_preferences: CallPreferences {
            auto_record_calls: row.auto_record_calls,
            ai_assistance_enabled: row.ai_assistance_enabled,
            call_quality: row.call_quality.clone(),
        },
    }
}

fn to_preferences(row: &SettingsRow) -> Preferences {
    Preferences {
        theme: row.theme.clone(),
        language: row.language.clone(),
        timezone: row.timezone.clone(),
        dashboard_layout: row.dashboard_layout.clone(),
        dashboard_widgets: serde_json::from_str(&row.dashboard_widgets).unwrap_or_default(),
    }
}

/// Collects column changes and field errors while a PATCH body is checked.
#[derive(Default)]
struct Changes {
    set: Vec<(&'static str, Value)>,
    errors: FieldErrors,
}

impl Changes {
    fn flag(&mut self, column: &'static str, value: Option<bool>) {
        if let Some(v) = value {
            self.set.push((column, Value::Bool(v)));
        }
    }

    /// A value that must be one of `allowed`. `field` names it in errors (`privacy_settings.profile_visibility`).
    fn choice(
        &mut self,
        field: &str,
        column: &'static str,
        value: Option<String>,
        allowed: &[&str],
    ) {
        match value {
            Some(v) if allowed.contains(&v.as_str()) => self.set.push((column, Value::Text(v))),
            Some(_) => self.error(field, format!("Use one of: {}.", allowed.join(", "))),
            None => {}
        }
    }

    fn error(&mut self, field: &str, message: String) {
        self.errors
            .entry(field.to_owned())
            .or_default()
            .push(message);
    }

    async fn apply(self, state: &AppState, user_id: &str) -> Result<(), AppError> {
        if !self.errors.is_empty() {
            return Err(ApiError::validation(self.errors).into());
        }
        db::settings::update(&state.db, user_id, &self.set).await?;
        // The time zone and widgets shape the dashboard.
        db::freshness::bump(&state.db, user_id).await?;
        Ok(())
    }
}

pub async fn update_settings(
    state: &AppState,
    user_id: &str,
    patch: SettingsPatch,
) -> Result<Settings, AppError> {
    let mut c = Changes::default();
    if let Some(n) = patch.notification_preferences {
        c.flag("email_notifications", n.email_notifications);
        c.flag("sms_notifications", n.sms_notifications);
        c.flag("marketing_emails", n.marketing_emails);
    }
    if let Some(p) = patch.privacy_settings {
        c.choice(
            "privacy_settings.profile_visibility",
            "profile_visibility",
            p.profile_visibility,
            &VISIBILITIES,
        );
        c.flag("call_recording_consent", p.call_recording_consent);
    }
    if let Some(p) = patch.call_preferences {
        c.flag("auto_record_calls", p.auto_record_calls);
        c.flag("ai_assistance_enabled", p.ai_assistance_enabled);
        c.choice(
            "call_preferences.call_quality",
            "call_quality",
            p.call_quality,
            &CALL_QUALITIES,
        );
    }
    c.apply(state, user_id).await?;
    settings(state, user_id).await
}

pub async fn update_preferences(
    state: &AppState,
    user_id: &str,
    patch: PreferencesPatch,
) -> Result<Preferences, AppError> {
    let mut c = Changes::default();
    c.choice("theme", "theme", patch.theme, &THEMES);
    c.choice("language", "language", patch.language, &LANGUAGES);
    c.choice(
        "dashboard_layout",
        "dashboard_layout",
        patch.dashboard_layout,
        &LAYOUTS,
    );
    if let Some(zone) = patch.timezone {
        match Timezone::parse(&zone) {
            Ok(tz) => c.set.push(("timezone", Value::Text(tz.name().to_owned()))),
            Err(message) => c.error("timezone", message),
        }
    }
    if let Some(widgets) = patch.dashboard_widgets {
        match check_widgets(&widgets) {
            Ok(()) => c.set.push((
                "dashboard_widgets",
                Value::Text(serde_json::to_string(&widgets).unwrap_or_default()),
            )),
            Err(message) => c.error("dashboard_widgets", message),
        }
    }
    c.apply(state, user_id).await?;
    preferences(state, user_id).await
}

/// Moves, shows or hides one widget of the overview (see `api::settings::arranged`), then saves the list
/// through `update_preferences` like any other change of it.
pub async fn arrange_widget(
    state: &AppState,
    user_id: &str,
    widget: &str,
    change: &str,
) -> Result<Preferences, AppError> {
    let current = preferences(state, user_id).await?;
    let widgets = crate::api::settings::arranged(&current.dashboard_widgets, widget, change)
        .map_err(|message| AppError::field("dashboard_widgets", message))?;
    let patch = PreferencesPatch {
        dashboard_widgets: Some(widgets),
        ..Default::default()
    };
    update_preferences(state, user_id, patch).await
}

/// Widgets must be known and listed once each (the order is the display order).
fn check_widgets(widgets: &[String]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for widget in widgets {
        if !WIDGETS.contains(&widget.as_str()) {
            return Err(format!(
                "Unknown widget {widget:?}; use: {}.",
                WIDGETS.join(", ")
            ));
        }
        if !seen.insert(widget) {
            return Err(format!("The widget {widget:?} is listed twice."));
        }
    }
    Ok(())
}
