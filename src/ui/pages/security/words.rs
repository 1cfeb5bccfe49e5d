//! What the Security page says that is more than one key of `locales/*/security.json`: counted sentences,
//! the history's event names, the server's device descriptions and the refusals known only by their code.
//! Pure functions of the locale and the data, so the server's HTML and the hydrated page agree.

use crate::{
    api::{
        security::{SecurityEventKind, UNKNOWN_DEVICE},
        ErrorCode,
    },
    plural,
    ui::{
        components::{format, forms::message_for},
        i18n::td_string,
        locale::{fill, Locale},
    },
};

/// A plural form with its `{n}` written in the locale's digits.
fn counted(locale: Locale, form: &str, n: i64) -> String {
    fill(form, &[("n", &format::count(locale, n))])
}

/// After a password change: how many other sessions it signed out.
pub fn password_changed(locale: Locale, sessions_ended: i64) -> String {
    match sessions_ended {
        0 => td_string!(locale, security.password.changed).to_owned(),
        n => counted(
            locale,
            plural!(locale, security.password.changed_ended, n),
            n,
        ),
    }
}

/// After "sign out all other sessions": how many it ended.
pub fn others_ended(locale: Locale, sessions_ended: i64) -> String {
    match sessions_ended {
        0 => td_string!(locale, security.sessions.none_to_end).to_owned(),
        n => counted(locale, plural!(locale, security.sessions.n_ended, n), n),
    }
}

/// "8 recovery codes left".
pub fn codes_left(locale: Locale, n: i64) -> String {
    counted(
        locale,
        plural!(locale, security.two_factor.codes_left, n),
        n,
    )
}

/// How the history names an event kind the server recorded; a kind this build does not know yet reads as
/// its words (`new_kind` → "new kind").
pub fn event_name(locale: Locale, kind: &str) -> String {
    let Some(kind) = SecurityEventKind::parse(kind) else {
        return kind.replace('_', " ");
    };
    match kind {
        SecurityEventKind::SignIn => td_string!(locale, security.history.events.sign_in),
        SecurityEventKind::SignInFailed => {
            td_string!(locale, security.history.events.sign_in_failed)
        }
        SecurityEventKind::TwoFactorFailed => {
            td_string!(locale, security.history.events.two_factor_failed)
        }
        SecurityEventKind::PasswordChanged => {
            td_string!(locale, security.history.events.password_changed)
        }
        SecurityEventKind::PasswordReset => {
            td_string!(locale, security.history.events.password_reset)
        }
        SecurityEventKind::EmailChanged => {
            td_string!(locale, security.history.events.email_changed)
        }
        SecurityEventKind::TwoFactorEnabled => {
            td_string!(locale, security.history.events.two_factor_enabled)
        }
        SecurityEventKind::TwoFactorDisabled => {
            td_string!(locale, security.history.events.two_factor_disabled)
        }
        SecurityEventKind::RecoveryCodeUsed => {
            td_string!(locale, security.history.events.recovery_code_used)
        }
        SecurityEventKind::RecoveryCodesRegenerated => {
            td_string!(locale, security.history.events.recovery_codes_regenerated)
        }
        SecurityEventKind::SessionEnded => {
            td_string!(locale, security.history.events.session_ended)
        }
        SecurityEventKind::OtherSessionsEnded => {
            td_string!(locale, security.history.events.other_sessions_ended)
        }
    }
    .to_owned()
}

/// The server's device description in the locale. It is English prose for REST clients, composed by
/// `server::services::security_events::describe_device` as "Browser on OS", one product name alone, or
/// `UNKNOWN_DEVICE`; only the connecting word and the unknown case are words to translate (product names
/// never contain " on ").
pub fn device_name(locale: Locale, device: &str) -> String {
    if device == UNKNOWN_DEVICE {
        return td_string!(locale, security.sessions.unknown_device).to_owned();
    }
    match device.split_once(" on ") {
        Some((browser, os)) => fill(
            td_string!(locale, security.sessions.device_on),
            &[("browser", browser), ("os", os)],
        ),
        None => device.to_owned(),
    }
}

/// What a refusal without field errors means here, for the banner after a form posted without JavaScript
/// (the code is all the URL carries; a refusal with field errors is shown by its own form).
pub fn refusal(locale: Locale, code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Conflict => td_string!(locale, security.refused.conflict),
        ErrorCode::NotFound => td_string!(locale, security.refused.not_found),
        other => message_for(locale, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_sentences_are_the_ones_the_page_always_had() {
        assert_eq!(
            password_changed(Locale::en, 0),
            "Your password was changed."
        );
        assert_eq!(
            password_changed(Locale::en, 1),
            "Your password was changed. 1 other session was signed out."
        );
        assert_eq!(
            password_changed(Locale::en, 3),
            "Your password was changed. 3 other sessions were signed out."
        );
        assert_eq!(
            others_ended(Locale::en, 0),
            "There were no other sessions to end."
        );
        assert_eq!(others_ended(Locale::en, 1), "1 other session was ended.");
        assert_eq!(
            others_ended(Locale::en, 1200),
            "1,200 other sessions were ended."
        );
        assert_eq!(codes_left(Locale::en, 1), "1 recovery code left");
        assert_eq!(codes_left(Locale::en, 10), "10 recovery codes left");
    }

    #[test]
    fn arabic_counts_take_each_plural_form_and_arabic_indic_digits() {
        assert_eq!(codes_left(Locale::ar, 0), "لم يتبقَّ أي رمز استرداد");
        assert_eq!(codes_left(Locale::ar, 1), "يتبقى رمز استرداد واحد");
        assert_eq!(codes_left(Locale::ar, 2), "يتبقى رمزا استرداد");
        assert_eq!(codes_left(Locale::ar, 8), "يتبقى ٨ رموز استرداد");
        assert_eq!(codes_left(Locale::ar, 11), "يتبقى ١١ رمز استرداد");
        assert_eq!(others_ended(Locale::ar, 2), "تم إنهاء جلستين أخريين.");
        assert_eq!(others_ended(Locale::ar, 5), "تم إنهاء ٥ جلسات أخرى.");
    }

    #[test]
    fn urdu_counts_have_singular_and_plural_in_urdu_digits() {
        assert_eq!(codes_left(Locale::ur, 1), "ایک ریکوری کوڈ باقی ہے");
        assert_eq!(codes_left(Locale::ur, 10), "۱۰ ریکوری کوڈز باقی ہیں");
        assert_eq!(
            password_changed(Locale::ur, 2),
            "آپ کا پاس ورڈ بدل دیا گیا۔ ۲ دوسرے سیشنز سائن آؤٹ کر دیے گئے۔"
        );
    }

    #[test]
    fn every_event_kind_has_a_name_in_every_language() {
        for locale in [Locale::en, Locale::ur, Locale::ar] {
            for kind in SecurityEventKind::ALL {
                let name = event_name(locale, kind.as_str());
                assert!(
                    !name.is_empty() && !name.contains('_'),
                    "{kind:?} in {locale:?}"
                );
            }
        }
        assert_eq!(
            event_name(Locale::en, "sign_in_failed"),
            "Failed sign-in (wrong password)"
        );
        assert_eq!(
            event_name(Locale::ar, "password_changed"),
            "تغيير كلمة المرور"
        );
        assert_eq!(event_name(Locale::ur, "some_new_kind"), "some new kind");
    }

    #[test]
    fn devices_keep_their_product_names_and_translate_the_rest() {
        assert_eq!(
            device_name(Locale::en, "Firefox on Linux"),
            "Firefox on Linux"
        );
        assert_eq!(
            device_name(Locale::ar, "Firefox on Linux"),
            "Firefox على Linux"
        );
        assert_eq!(device_name(Locale::ur, "Safari on iOS"), "iOS پر Safari");
        assert_eq!(device_name(Locale::ar, "curl"), "curl");
        assert_eq!(device_name(Locale::ur, UNKNOWN_DEVICE), "نامعلوم ڈیوائس");
        assert_eq!(device_name(Locale::en, UNKNOWN_DEVICE), "Unknown device");
    }

    #[test]
    fn refusals_follow_the_locale() {
        assert_eq!(
            refusal(Locale::en, ErrorCode::NotFound),
            "That session has already ended."
        );
        assert_eq!(
            refusal(Locale::ar, ErrorCode::NotFound),
            "انتهت هذه الجلسة بالفعل."
        );
        assert_eq!(
            refusal(Locale::ur, ErrorCode::RateLimited),
            message_for(Locale::ur, ErrorCode::RateLimited)
        );
        assert_ne!(
            refusal(Locale::ar, ErrorCode::Conflict),
            refusal(Locale::en, ErrorCode::Conflict)
        );
    }
}
