//! How numbers, money and dates read on the page, in the page's language. Pure functions of the data the
//! server sent and the locale, never of the clock or the browser's `Intl`, so the server's HTML and the
//! browser's hydration always agree, character for character.
//!
//! Digits follow each language's own numbering system (CLDR): English `0123456789`; Arabic the Arabic-Indic
//! `٠١٢٣٤٥٦٧٨٩` (CLDR's default for `ar`); Urdu the Extended Arabic-Indic `۰۱۲۳۴۵۶۷۸۹`, the native digits of
//! Urdu script, which read naturally inside Urdu text (CLDR lists them as Urdu's native system; plain `ur`
//! defaults to Latin digits, which many Pakistani sites use — we prefer the script's own). Both Arabic-script
//! systems group with `٬` and mark decimals with `٫`. Month names are the ones CLDR gives each language.

use crate::{
    api::overview::Ago,
    ui::{
        i18n::td_string,
        locale::{fill, Locale},
    },
};

/// The ten digits of a locale's numbering system, and its group and decimal separators.
struct Numerals {
    digits: [char; 10],
    group: char,
    decimal: char,
    percent: char,
}

fn numerals(locale: Locale) -> Numerals {
    match locale {
        Locale::en => Numerals {
            digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
            group: ',',
            decimal: '.',
            percent: '%',
        },
        Locale::ar => Numerals {
            digits: ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'],
            group: '٬',
            decimal: '٫',
            percent: '٪',
        },
        Locale::ur => Numerals {
            digits: ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'],
            group: '٬',
            decimal: '٫',
            percent: '٪',
        },
    }
}

/// Rewrites the ASCII digits of `text` in the locale's digits, and a `.` or `,` between two digits as its
/// separators: `"Page 3 of 12"`-style numbers inside already formatted text, times (`07:32`), ratings (`4/5`).
pub fn digits(locale: Locale, text: &str) -> String {
    let n = numerals(locale);
    let chars: Vec<char> = text.chars().collect();
    let is_digit = |i: Option<&char>| i.is_some_and(char::is_ascii_digit);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            '0'..='9' => n.digits[(*c as u8 - b'0') as usize],
            '.' | ',' if i > 0 && is_digit(chars.get(i - 1)) && is_digit(chars.get(i + 1)) => {
                if *c == '.' {
                    n.decimal
                } else {
                    n.group
                }
            }
            other => *other,
        })
        .collect()
}

/// `1234567` → `1,234,567` (en), `١٬٢٣٤٬٥٦٧` (ar), `۱٬۲۳۴٬۵۶۷` (ur).
pub fn count(locale: Locale, n: i64) -> String {
    let digits_of = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits_of.len() + digits_of.len() / 3 + 1);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits_of.chars().enumerate() {
        if i > 0 && (digits_of.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    digits(locale, &out)
}

/// A number with `places` decimals (rounded), grouped: `1,234.5`.
pub fn decimal(locale: Locale, value: f64, places: usize) -> String {
    let text = format!("{:.*}", places, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", count(Locale::en, whole));
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    digits(locale, &out)
}

/// A share with one decimal: `97.5%`, `٩٧٫٥٪`.
pub fn percent(locale: Locale, value: f64) -> String {
    format!("{}{}", decimal(locale, value, 1), numerals(locale).percent)
}

/// A whole share: `4%`, `٤٪`.
pub fn whole_percent(locale: Locale, value: i64) -> String {
    format!("{}{}", count(locale, value), numerals(locale).percent)
}

/// An amount in a currency's major unit: `$1,234.50`, `−$13.99`, `12.00 CHF`; in Arabic and Urdu the symbol
/// follows the number (`٢٩٫٩٩ US$`), as CLDR writes them, which also keeps it on the reading side in RTL.
pub fn money(locale: Locale, amount: f64, currency: &str) -> String {
    let cents = (amount.abs() * 100.0).round() as i64;
    let number = format!("{}.{:02}", count(Locale::en, cents / 100), cents % 100);
    let sign = if amount < 0.0 && cents > 0 { "−" } else { "" };
    let code = currency.to_ascii_uppercase();
    let symbol = match code.as_str() {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    };
    let text = match (locale, symbol) {
        (Locale::en, "") => format!("{sign}{number} {code}"),
        (Locale::en, symbol) => format!("{sign}{symbol}{number}"),
        (_, "$") => format!("{sign}{number} US$"),
        (_, "") => format!("{sign}{number} {code}"),
        (_, symbol) => format!("{sign}{number} {symbol}"),
    };
    digits(locale, &text)
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const MONTHS_UR: [&str; 12] = [
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
];

/// The month's name (1–12) in the locale, short in English.
pub fn month_name(locale: Locale, month: usize) -> &'static str {
    let months = match locale {
        Locale::en => &MONTHS_EN,
        Locale::ar => &MONTHS_AR,
        Locale::ur => &MONTHS_UR,
    };
    months[(month.clamp(1, 12)) - 1]
}

/// `(year, month, day)` of `YYYY-MM-DD…`.
fn ymd(text: &str) -> Option<(&str, usize, u32)> {
    let year = text
        .get(0..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    let month = text
        .get(5..7)?
        .parse::<usize>()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let day = text.get(8..10)?.parse::<u32>().ok()?;
    Some((year, month, day))
}

/// The calendar date of an RFC 3339 timestamp (or a `YYYY-MM-DD` day): `15 Nov 2026`, `١٥ نوفمبر ٢٠٢٦`,
/// `۱۵ نومبر ۲۰۲۶`; the text itself if it is not one.
pub fn date(locale: Locale, rfc3339: &str) -> String {
    match ymd(rfc3339) {
        Some((year, month, day)) => digits(
            locale,
            &format!("{day} {} {year}", month_name(locale, month)),
        ),
        None => rfc3339.to_owned(),
    }
}

/// Date and time (UTC) of an RFC 3339 timestamp: `15 Nov 2026, 14:05 UTC`; Arabic and Urdu use the Arabic
/// comma `،`.
pub fn date_time(locale: Locale, rfc3339: &str) -> String {
    let comma = if locale == Locale::en { "," } else { "،" };
    match rfc3339.get(11..16) {
        Some(time) if time.as_bytes().get(2) == Some(&b':') => {
            format!(
                "{}{comma} {} UTC",
                date(locale, rfc3339),
                digits(locale, time)
            )
        }
        _ => date(locale, rfc3339),
    }
}

/// "2026-01-05" → "Jan 5", "٥ يناير"; anything else unchanged (chart axes).
pub fn short_date(locale: Locale, day: &str) -> String {
    match (locale, ymd(day)) {
        (Locale::en, Some((_, month, d))) => format!("{} {d}", month_name(locale, month)),
        (_, Some((_, month, d))) => digits(locale, &format!("{d} {}", month_name(locale, month))),
        (_, None) => day.to_owned(),
    }
}

/// A local time as the server wrote it (`2026-11-05 07:32`): its date and time in the locale.
pub fn local_time(locale: Locale, text: &str) -> String {
    match (ymd(text), text.get(11..16)) {
        (Some(_), Some(time)) if time.as_bytes().get(2) == Some(&b':') => {
            let comma = if locale == Locale::en { "," } else { "،" };
            format!("{}{comma} {}", date(locale, text), digits(locale, time))
        }
        _ => digits(locale, text),
    }
}

/// A card brand as people write it: `visa` → `Visa`, `amex` → `American Express` (brands are names: they
/// stay as the card says them).
pub fn card_brand(brand: &str) -> String {
    match brand {
        "visa" => "Visa".into(),
        "mastercard" => "Mastercard".into(),
        "amex" => "American Express".into(),
        other => {
            let mut chars = other.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// "3 hours ago" in the locale, with the plural form its rules (CLDR, through ICU) pick for the count: Arabic
/// has six (`zero` 0, `one` 1, `two` 2, `few` 3–10, `many` 11–99, `other` 100–102…), Urdu and English two.
pub fn ago(locale: Locale, ago: Ago) -> String {
    let (n, form) = match ago {
        Ago::JustNow => return td_string!(locale, common.ago.just_now).to_owned(),
        Ago::Minutes(n) => (n, crate::plural!(locale, common.ago.minutes, n)),
        Ago::Hours(n) => (n, crate::plural!(locale, common.ago.hours, n)),
        Ago::Days(n) => (n, crate::plural!(locale, common.ago.days, n)),
        Ago::Weeks(n) => (n, crate::plural!(locale, common.ago.weeks, n)),
        Ago::Months(n) => (n, crate::plural!(locale, common.ago.months, n)),
        Ago::Years(n) => (n, crate::plural!(locale, common.ago.years, n)),
    };
    fill(form, &[("n", &count(locale, n))])
}

/// A billing interval (`month`, `year`) as a word of the locale; an interval the files do not know is shown
/// as the API names it.
pub fn interval(locale: Locale, interval: &str) -> String {
    match interval {
        "month" => td_string!(locale, common.interval.month).to_owned(),
        "year" => td_string!(locale, common.interval.year).to_owned(),
        "week" => td_string!(locale, common.interval.week).to_owned(),
        "day" => td_string!(locale, common.interval.day).to_owned(),
        other => other.to_owned(),
    }
}

/// A plan's price with its interval (`$29.99 / month`, `٢٩٫٩٩ US$ / شهر`).
pub fn price(locale: Locale, amount: f64, currency: &str, per: &str) -> String {
    format!(
        "{} / {}",
        money(locale, amount, currency),
        interval(locale, per)
    )
}

/// A status word from the API (`past_due`) as an English label (`Past due`): the fallback for a word the
/// locale files do not know yet.
pub fn status(word: &str) -> String {
    card_brand(&word.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count(Locale::en, 0), "0");
        assert_eq!(count(Locale::en, 999), "999");
        assert_eq!(count(Locale::en, 1000), "1,000");
        assert_eq!(count(Locale::en, 2_000_000), "2,000,000");
        assert_eq!(count(Locale::en, -12_345), "−12,345");
    }

    #[test]
    fn arabic_and_urdu_use_their_own_digits_and_separators() {
        assert_eq!(count(Locale::ar, 1_234_567), "١٬٢٣٤٬٥٦٧");
        assert_eq!(count(Locale::ur, 1_234_567), "۱٬۲۳۴٬۵۶۷");
        assert_eq!(count(Locale::ar, 0), "٠");
        assert_eq!(count(Locale::ur, 9), "۹");
        assert_eq!(decimal(Locale::ar, 1234.56, 1), "١٬٢٣٤٫٦");
        assert_eq!(percent(Locale::en, 97.54), "97.5%");
        assert_eq!(percent(Locale::ar, 97.54), "٩٧٫٥٪");
        assert_eq!(percent(Locale::ur, 100.0), "۱۰۰٫۰٪");
        assert_eq!(digits(Locale::ar, "Page 3 of 12, 4.5"), "Page ٣ of ١٢, ٤٫٥");
    }

    #[test]
    fn money_has_its_symbol_and_two_decimals() {
        assert_eq!(money(Locale::en, 29.99, "USD"), "$29.99");
        assert_eq!(money(Locale::en, 46.01, "usd"), "$46.01");
        assert_eq!(money(Locale::en, 1234.5, "EUR"), "€1,234.50");
        assert_eq!(money(Locale::en, -13.99, "USD"), "−$13.99");
        assert_eq!(money(Locale::en, 9.0, "CHF"), "9.00 CHF");
        assert_eq!(money(Locale::ar, 29.99, "USD"), "٢٩٫٩٩ US$");
        assert_eq!(money(Locale::ur, 1234.5, "EUR"), "۱٬۲۳۴٫۵۰ €");
    }

    #[test]
    fn dates_read_as_day_month_year_in_utc() {
        assert_eq!(date(Locale::en, "2026-11-05T23:59:00Z"), "5 Nov 2026");
        assert_eq!(
            date_time(Locale::en, "2026-11-05T07:32:10Z"),
            "5 Nov 2026, 07:32 UTC"
        );
        assert_eq!(date(Locale::en, "soon"), "soon");
        assert_eq!(date(Locale::ar, "2026-11-05T23:59:00Z"), "٥ نوفمبر ٢٠٢٦");
        assert_eq!(date(Locale::ur, "2026-01-15"), "۱۵ جنوری ۲۰۲۶");
        assert_eq!(
            date_time(Locale::ar, "2026-11-05T07:32:10Z"),
            "٥ نوفمبر ٢٠٢٦، ٠٧:٣٢ UTC"
        );
        assert_eq!(short_date(Locale::en, "2026-01-05"), "Jan 5");
        assert_eq!(short_date(Locale::ur, "2026-05-05"), "۵ مئی");
        assert_eq!(short_date(Locale::ar, "week"), "week");
        assert_eq!(
            local_time(Locale::ar, "2026-11-05 07:32"),
            "٥ نوفمبر ٢٠٢٦، ٠٧:٣٢"
        );
    }

    #[test]
    fn every_month_has_a_name_in_every_language() {
        for locale in [Locale::en, Locale::ar, Locale::ur] {
            for m in 1..=12 {
                assert!(!month_name(locale, m).is_empty());
            }
        }
        assert_eq!(month_name(Locale::ar, 2), "فبراير");
        assert_eq!(month_name(Locale::ur, 12), "دسمبر");
    }

    #[test]
    fn ago_picks_the_arabic_plural_form_at_each_boundary() {
        let cases = [
            (0, "منذ ٠ ساعة"),
            (1, "منذ ساعة واحدة"),
            (2, "منذ ساعتين"),
            (3, "منذ ٣ ساعات"),
            (10, "منذ ١٠ ساعات"),
            (11, "منذ ١١ ساعة"),
            (99, "منذ ٩٩ ساعة"),
            (100, "منذ ١٠٠ ساعة"),
            (103, "منذ ١٠٣ ساعات"),
        ];
        for (n, expected) in cases {
            assert_eq!(ago(Locale::ar, Ago::Hours(n)), expected, "{n} hours");
        }
        assert_eq!(ago(Locale::ar, Ago::Years(1)), "منذ سنة واحدة");
        assert_eq!(ago(Locale::ar, Ago::Days(11)), "منذ ١١ يومًا");
        assert_eq!(ago(Locale::ar, Ago::JustNow), "الآن");
    }

    #[test]
    fn ago_in_english_and_urdu_has_singular_and_plural() {
        assert_eq!(ago(Locale::en, Ago::Hours(3)), "3 hours ago");
        assert_eq!(ago(Locale::en, Ago::Years(1)), "1 year ago");
        assert_eq!(ago(Locale::en, Ago::Minutes(0)), "0 minutes ago");
        assert_eq!(ago(Locale::ur, Ago::Years(1)), "ایک سال پہلے");
        assert_eq!(ago(Locale::ur, Ago::Hours(3)), "۳ گھنٹے پہلے");
        assert_eq!(ago(Locale::ur, Ago::Weeks(2)), "۲ ہفتے پہلے");
    }

    #[test]
    fn brands_read_as_words() {
        assert_eq!(card_brand("amex"), "American Express");
        assert_eq!(card_brand("discover"), "Discover");
    }
}
