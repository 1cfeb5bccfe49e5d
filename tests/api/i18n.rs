//! The page's language is decided on the server, before rendering: the signed-in user's preference, else the
//! `lang` cookie, else `Accept-Language`, else English. The HTML arrives with `<html lang dir>` and the words
//! already in that language; the header's switcher (a plain form without JavaScript) sets the cookie and, for a
//! signed-in user, the preference.

use crate::helpers::spawn_app;
use reqwest::{header, Response};
use serde_json::json;

async fn html(response: Response) -> String {
    assert_eq!(response.status(), 200, "the page renders");
    response.text().await.expect("html body")
}

#[tokio::test]
async fn a_user_who_prefers_arabic_gets_the_overview_in_arabic_right_to_left() {
    let app = spawn_app().await;
    let user = app.sign_in_as("arabic@example.com").await;
    let saved = user
        .patch(
            "/api/dashboard/user/preferences/",
            &json!({"language": "ar"}),
        )
        .await;
    assert_eq!(saved.status(), 200);

    // The browser asks for English: the saved preference wins.
    let page = app
        .client
        .get(app.url("/"))
        .bearer_auth(&user.token)
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .send()
        .await
        .expect("request");
    let body = html(page).await;
    assert!(
        body.contains(r#"<html lang="ar" dir="rtl""#),
        "{}",
        &body[..300.min(body.len())]
    );
    assert!(
        body.contains("نظرة عامة"),
        "the sidebar's Overview is in Arabic"
    );
    assert!(
        body.contains("تسجيل الخروج"),
        "the header's Sign out is in Arabic"
    );
    assert!(
        body.contains("إجمالي المكالمات"),
        "the overview's Total calls is in Arabic"
    );
    assert!(!body.contains(">Sign out<"), "no English left in the frame");
}

#[tokio::test]
async fn a_visitor_whose_browser_asks_for_urdu_gets_the_sign_in_page_in_urdu() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/login"))
        .header(header::ACCEPT_LANGUAGE, "ur-PK,ur;q=0.9,en;q=0.8")
        .send()
        .await
        .expect("request");
    let body = html(page).await;
    assert!(body.contains(r#"<html lang="ur" dir="rtl""#));
    assert!(body.contains("پاس ورڈ"), "the Password label is in Urdu");
    assert!(
        body.contains("پاس ورڈ بھول گئے؟"),
        "Forgot your password? is in Urdu"
    );
}

#[tokio::test]
async fn the_lang_cookie_beats_the_browsers_languages() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/register"))
        .header(header::ACCEPT_LANGUAGE, "ur")
        .header(header::COOKIE, "lang=ar")
        .send()
        .await
        .expect("request");
    let body = html(page).await;
    assert!(body.contains(r#"<html lang="ar" dir="rtl""#));
    assert!(
        body.contains("أنشئ حسابك"),
        "Create your account is in Arabic"
    );
}

#[tokio::test]
async fn without_a_choice_or_a_language_we_have_the_page_is_english() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/login"))
        .header(header::ACCEPT_LANGUAGE, "fr-FR,de;q=0.5")
        .header(header::COOKIE, "lang=xx")
        .send()
        .await
        .expect("request");
    let body = html(page).await;
    assert!(body.contains(r#"<html lang="en" dir="ltr""#));
    assert!(body.contains("Forgot your password?"));
}

#[tokio::test]
async fn the_switch_form_sets_the_cookie_and_the_signed_in_users_preference() {
    let app = spawn_app().await;
    let user = app.sign_in_as("switch@example.com").await;
    let response = app
        .client
        .post(app.url("/api/fn/language"))
        .bearer_auth(&user.token)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, app.url("/calls"))
        .form(&[("language", "ur")])
        .send()
        .await
        .expect("request");
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        location.ends_with("/calls"),
        "back to the page it came from: {location}"
    );
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("lang="))
        .expect("the lang cookie is set")
        .to_owned();
    assert!(cookie.starts_with("lang=ur;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("Max-Age="),
        "{cookie}"
    );

    let preferences: serde_json::Value = user
        .get("/api/dashboard/user/preferences/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(preferences["language"], "ur");
    let calls = html(user.get("/calls").await).await;
    assert!(calls.contains(r#"<html lang="ur" dir="rtl""#));
    assert!(calls.contains("کالیں"), "the Calls page is in Urdu");
}

#[tokio::test]
async fn the_switch_refuses_a_language_we_do_not_have() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/fn/language"))
        .form(&[("language", "fr")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400);
    assert!(response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .all(|c| !c.to_str().unwrap_or_default().starts_with("lang=")));
}

#[tokio::test]
async fn the_preference_only_takes_the_languages_the_ui_has() {
    let app = spawn_app().await;
    let user = app.sign_in_as("prefs@example.com").await;
    for code in ["en", "ur", "ar"] {
        let response = user
            .patch(
                "/api/dashboard/user/preferences/",
                &json!({"language": code}),
            )
            .await;
        assert_eq!(response.status(), 200, "{code}");
    }
    let refused = user
        .patch(
            "/api/dashboard/user/preferences/",
            &json!({"language": "fa"}),
        )
        .await;
    assert_eq!(refused.status(), 400);
}

/// Whether `text` has a digit of the given numbering system (`'٠'` for Arabic-Indic, `'۰'` for Extended
/// Arabic-Indic).
fn has_digits_from(text: &str, zero: char) -> bool {
    text.chars()
        .any(|c| (zero..=char::from_u32(zero as u32 + 9).unwrap_or(zero)).contains(&c))
}

#[tokio::test]
async fn the_security_page_reads_in_arabic_and_urdu_with_their_own_digits() {
    let app = spawn_app().await;
    let user = app.sign_in_as("security-i18n@example.com").await;
    let cases = [
        (
            "ar",
            "الأمان",
            "سجل الأمان",
            "المصادقة بخطوتين",
            "تسجيل الدخول",
            '٠',
        ),
        (
            "ur",
            "سیکیورٹی",
            "سیکیورٹی کی سرگرمی",
            "دو مرحلہ تصدیق",
            "سائن ان ہوا",
            '۰',
        ),
    ];
    for (language, title, history, two_factor, signed_in, zero) in cases {
        let saved = user
            .patch(
                "/api/dashboard/user/preferences/",
                &json!({ "language": language }),
            )
            .await;
        assert_eq!(saved.status(), 200);
        let body = html(user.get("/security").await).await;
        assert!(
            body.contains(&format!(r#"<html lang="{language}" dir="rtl""#)),
            "{language}"
        );
        let heading = body
            .split_once("<h1")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        assert!(
            heading
                .split_once("</h1>")
                .is_some_and(|(h1, _)| h1.contains(title)),
            "{language}: the heading"
        );
        for words in [history, two_factor, signed_in] {
            assert!(body.contains(words), "{language}: {words}");
        }
        // The sign-in's time, in the session list, is written in the language's digits.
        let sessions = body
            .split_once(r#"data-testid="sessions""#)
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        assert!(has_digits_from(sessions, zero), "{language}: digits");
        for english in [
            "Security history",
            "Change password",
            "Where you are signed in",
        ] {
            assert!(
                !body.contains(english),
                "{language}: {english} is left in English"
            );
        }
    }

    // The banners after a plain form post follow the language too.
    let ended = html(user.get("/security?done=session-ended").await).await;
    assert!(
        ended.contains("سیشن ختم کر دیا گیا۔"),
        "the confirmation in Urdu"
    );
    let gone = html(user.get("/security?error=not_found").await).await;
    assert!(
        gone.contains("یہ سیشن پہلے ہی ختم ہو چکا ہے۔"),
        "the refusal in Urdu"
    );
}
