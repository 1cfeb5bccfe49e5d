//! The page's language: the locale type leptos_i18n generates from `locales/`, how the server's choice reaches
//! it (`server_choice`), the `<html lang dir>` kept in step when it changes, and the header's switcher.
//!
//! The server decides (see `server::http::locale`) and writes `<html lang=… dir=…>` itself; the hydrating
//! browser reads its starting locale back from that attribute, so both render the same words. A switch in the
//! browser changes the i18n signal at once (every `t!` re-renders, no reload) and saves the choice through
//! `set_language`, which sets the `lang` cookie and, when signed in, the preference.

pub use super::i18n::Locale;
use super::i18n::{t, use_i18n};
use crate::api::language::SetLanguage;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_i18n::{context::UseLocalesOptions, Locale as _};

/// Fills the `{name}` placeholders of a translated string. leptos_i18n's own `{{ name }}` interpolation does not
/// give strings (`t_string!`) when the locales are loaded by `load_locales!`; its build-script codegen would,
/// but that build dependency compiles ICU's CLDR tooling with networking. Single braces are plain text to
/// leptos_i18n, so the locale files carry `{n}` and this does the rest. Values are inserted as given (already
/// formatted for the locale by `format`).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The CLDR plural category of `n` in `locale`, from ICU's plural rules (compiled in: a few KB for all
/// locales): Arabic has all six (`zero` 0, `one` 1, `two` 2, `few` 3–10, `many` 11–99, `other` 100–102…),
/// English and Urdu `one` and `other`.
pub fn plural_category(locale: Locale, n: i64) -> icu_plurals::PluralCategory {
    match icu_plurals::PluralRules::try_new_cardinal(locale.as_icu_locale().into()) {
        Ok(rules) => rules.category_for(n),
        Err(_) => icu_plurals::PluralCategory::Other,
    }
}

/// `plural!(locale, ns.key, n)`: the form of `ns.key` (an object with `zero`, `one`, `two`, `few`, `many` and
/// `other` in every locale file; languages without a form repeat `other`) that `n` takes, `&'static str`.
#[macro_export]
macro_rules! plural {
    ($locale:expr, $($key:ident).+, $n:expr) => {{
        use icu_plurals::PluralCategory as C;
        let locale = $locale;
        match $crate::ui::locale::plural_category(locale, $n) {
            C::Zero => $crate::ui::i18n::td_string!(locale, $($key).+.zero),
            C::One => $crate::ui::i18n::td_string!(locale, $($key).+.one),
            C::Two => $crate::ui::i18n::td_string!(locale, $($key).+.two),
            C::Few => $crate::ui::i18n::td_string!(locale, $($key).+.few),
            C::Many => $crate::ui::i18n::td_string!(locale, $($key).+.many),
            C::Other => $crate::ui::i18n::td_string!(locale, $($key).+.other),
        }
    }};
}

/// `tr!(i18n, ns.key)`: the key as a `Signal<String>` that follows the page's language, for props.
#[macro_export]
macro_rules! tr {
    ($i18n:ident, $($key:ident).+) => {
        leptos::prelude::Signal::derive(move || $crate::ui::i18n::t_string!($i18n, $($key).+).to_owned())
    };
}

/// The cookie that keeps a visitor's (or a signed-out user's) language.
pub const LANG_COOKIE: &str = "lang";

/// How each language names itself: the switcher shows these whatever the page's language.
pub fn native_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::ur => "اردو",
        Locale::ar => "العربية",
    }
}

/// `ltr` or `rtl`, for the `dir` attribute.
pub fn direction(locale: Locale) -> &'static str {
    locale.direction().as_str()
}

/// The locale the server chose for this request, as leptos_i18n's "accepted languages" while rendering on the
/// server (in the browser the option is not used: the locale comes from `<html lang>`).
pub fn server_choice() -> UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        UseLocalesOptions::default()
            .ssr_lang_header_getter(|| request_locale().map(|l| l.as_str().to_owned()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        UseLocalesOptions::default()
    }
}

/// The locale `server::http::locale::resolve` put on the request being rendered.
#[cfg(feature = "ssr")]
pub fn request_locale() -> Option<Locale> {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::server::http::locale::RequestLocale>()
                .copied()
        })
        .map(|l| l.0)
}

/// Keeps `<html lang dir>` equal to the current locale after a switch in the browser (the server wrote the
/// first value; an effect never runs on the server).
#[component]
pub fn HtmlLangSync() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", locale.as_str());
            let _ = html.set_attribute("dir", direction(locale));
        }
    });
}

/// The page's locale now, without subscribing: for text worded once (an outcome message, a confirmation) or
/// by a component that is rebuilt anyway when the page's data changes.
pub fn current() -> Locale {
    use_context::<leptos_i18n::I18nContext<Locale>>()
        .map(|i18n| i18n.get_locale_untracked())
        .unwrap_or_default()
}

/// Switches the UI to the language named by `code`, if it is one of ours (after the settings or the guided
/// setup saved a new preference).
pub fn apply(code: &str) {
    if let (Ok(locale), Some(i18n)) = (
        code.parse::<Locale>(),
        use_context::<leptos_i18n::I18nContext<Locale>>(),
    ) {
        i18n.set_locale(locale);
    }
}

/// The header's language switcher: one submit button per language. Without JavaScript it is a form post that
/// sets the cookie and comes back; with it, the click switches the page at once and the choice is saved in the
/// background.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetLanguage>::new();
    let buttons = Locale::get_all()
        .iter()
        .copied()
        .map(|locale| {
            let code = locale.as_str();
            view! {
                <button
                    type="submit"
                    name="language"
                    value=code
                    lang=code
                    class="lang-option"
                    data-testid=format!("lang-{code}")
                    aria-pressed=move || (i18n.get_locale() == locale).to_string()
                    on:click=move |ev| {
                        ev.prevent_default();
                        i18n.set_locale(locale);
                        save.dispatch(SetLanguage { language: code.to_owned() });
                    }
                >
                    {native_name(locale)}
                </button>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=SetLanguage::url() class="language-switcher" data-testid="language-switcher">
            <span class="visually-hidden">{t!(i18n, common.language)}</span>
            {buttons}
        </form>
    }
}
