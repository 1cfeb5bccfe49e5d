//! How numbers, money and dates read on the page. Pure functions of the data the server sent, never of the
//! clock, so the server's HTML and the browser's hydration always agree.

/// `1234567` → `1,234,567`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in a currency's major unit: `$1,234.50`, `−$13.99`, `12.00 CHF`.
pub fn money(amount: f64, currency: &str) -> String {
    let cents = (amount.abs() * 100.0).round() as i64;
    let number = format!("{}.{:02}", count(cents / 100), cents % 100);
    let sign = if amount < 0.0 && cents > 0 { "−" } else { "" };
    match currency.to_ascii_uppercase().as_str() {
        "USD" => format!("{sign}${number}"),
        "EUR" => format!("{sign}€{number}"),
        "GBP" => format!("{sign}£{number}"),
        other => format!("{sign}{number} {other}"),
    }
}

/// A plan's price with its interval: `$29.99 / month`.
pub fn price(amount: f64, currency: &str, interval: &str) -> String {
    format!("{} / {interval}", money(amount, currency))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The calendar date (UTC) of an RFC 3339 timestamp: `15 Nov 2026`; the text itself if it is not one.
pub fn date(rfc3339: &str) -> String {
    let parts = (
        rfc3339.get(0..4),
        rfc3339.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        rfc3339.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    );
    match parts {
        (Some(year), Some(month @ 1..=12), Some(day)) => {
            format!("{day} {} {year}", MONTHS[month - 1])
        }
        _ => rfc3339.to_owned(),
    }
}

/// Date and time (UTC) of an RFC 3339 timestamp: `15 Nov 2026, 14:05 UTC`.
pub fn date_time(rfc3339: &str) -> String {
    match rfc3339.get(11..16) {
        Some(time) if time.as_bytes().get(2) == Some(&b':') => {
            format!("{}, {time} UTC", date(rfc3339))
        }
        _ => date(rfc3339),
    }
}

/// A card brand as people write it: `visa` → `Visa`, `amex` → `American Express`.
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

/// A status word from the API (`past_due`) as a label (`Past due`).
pub fn status(word: &str) -> String {
    card_brand(&word.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(2_000_000), "2,000,000");
        assert_eq!(count(-12_345), "−12,345");
    }

    #[test]
    fn money_has_its_symbol_and_two_decimals() {
        assert_eq!(money(29.99, "USD"), "$29.99");
        assert_eq!(money(46.01, "usd"), "$46.01");
        assert_eq!(money(1234.5, "EUR"), "€1,234.50");
        assert_eq!(money(-13.99, "USD"), "−$13.99");
        assert_eq!(money(9.0, "CHF"), "9.00 CHF");
        assert_eq!(price(9.0, "USD", "month"), "$9.00 / month");
    }

    #[test]
    fn dates_read_as_day_month_year_in_utc() {
        assert_eq!(date("2026-11-05T23:59:00Z"), "5 Nov 2026");
        assert_eq!(date_time("2026-11-05T07:32:10Z"), "5 Nov 2026, 07:32 UTC");
        assert_eq!(date("soon"), "soon");
    }

    #[test]
    fn brands_and_statuses_read_as_words() {
        assert_eq!(card_brand("amex"), "American Express");
        assert_eq!(card_brand("discover"), "Discover");
        assert_eq!(status("past_due"), "Past due");
    }
}
