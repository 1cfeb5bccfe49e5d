//! Billing periods on the calendar.
//!
//! A monthly plan renews on the same day of each month as the subscription started (in UTC), a yearly one
//! on the same date each year; a start on the 31st renews on the last day of shorter months. Every period end
//! is counted from the subscription's start (its anchor), never from the previous end: stepping from the
//! previous end would drift for good after one short month (Jan 31 → Feb 28 → Mar 28).

use time::{Date, Month, OffsetDateTime};

pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// Months in one period of `interval` (`month` or `year`); `None` for an interval we do not know.
pub fn months_in(interval: &str) -> Option<i32> {
    match interval {
        "month" => Some(1),
        "year" => Some(12),
        _ => None,
    }
}

/// `at_ms` moved by `months` calendar months, the day clamped to the target month's length.
pub fn add_months(at_ms: i64, months: i32) -> Option<i64> {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ms) * 1_000_000).ok()?;
    let index = at.year() * 12 + i32::from(u8::from(at.month())) - 1 + months;
    let year = index.div_euclid(12);
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = at.day().min(month.length(year));
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let moved = at.replace_date(date);
    i64::try_from(moved.unix_timestamp_nanos() / 1_000_000).ok()
}

/// The first period boundary after `after`, counting whole periods of `months` from `anchor`.
pub fn next_period_end(anchor: i64, after: i64, months: i32) -> Option<i64> {
    if months <= 0 {
        return None;
    }
    // Start a little before the answer (a month has at least 28 days) and step forward.
    let mut periods = i32::try_from((after - anchor).div_euclid(31 * DAY_MS) / i64::from(months))
        .ok()?
        .max(1);
    loop {
        let end = add_months(anchor, periods.checked_mul(months)?)?;
        if end > after {
            return Some(end);
        }
        periods = periods.checked_add(1)?;
    }
}

/// Days from `now` to `end`, a part of a day counting as one (a plan taken a moment ago has all 30 of its
/// days left, not 29; on its last afternoon, 1), never negative.
pub fn days_remaining(end: i64, now: i64) -> i64 {
    (end - now).max(0).div_euclid(DAY_MS) + i64::from((end - now).max(0) % DAY_MS != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-01-31T12:00:00Z
    const JAN_31: i64 = 1_769_860_800_000;

    fn date(ms: i64) -> String {
        crate::server::db::rfc3339(ms)
    }

    #[test]
    fn a_month_after_the_31st_is_the_end_of_a_shorter_month() {
        let feb = add_months(JAN_31, 1).expect("valid");
        assert_eq!(date(feb), "2026-02-28T12:00:00Z");
        assert_eq!(
            date(add_months(JAN_31, 13).expect("valid")),
            "2027-02-28T12:00:00Z"
        );
        assert_eq!(
            date(add_months(JAN_31, -2).expect("valid")),
            "2025-11-30T12:00:00Z"
        );
    }

    #[test]
    fn period_ends_are_counted_from_the_anchor_so_they_do_not_drift() {
        let feb = next_period_end(JAN_31, JAN_31, 1).expect("valid");
        assert_eq!(date(feb), "2026-02-28T12:00:00Z");
        let mar = next_period_end(JAN_31, feb, 1).expect("valid");
        assert_eq!(date(mar), "2026-03-31T12:00:00Z");
        let years_later = next_period_end(JAN_31, JAN_31 + 800 * DAY_MS, 1).expect("valid");
        assert_eq!(date(years_later), "2028-04-30T12:00:00Z");
        assert_eq!(
            date(next_period_end(JAN_31, mar, 12).expect("valid")),
            "2027-01-31T12:00:00Z"
        );
    }

    #[test]
    fn days_remaining_counts_started_days_and_stops_at_zero() {
        assert_eq!(days_remaining(JAN_31 + 15 * DAY_MS, JAN_31), 15);
        assert_eq!(days_remaining(JAN_31 + 15 * DAY_MS + 5, JAN_31), 16);
        assert_eq!(days_remaining(JAN_31 + DAY_MS - 1, JAN_31), 1);
        assert_eq!(days_remaining(JAN_31, JAN_31), 0);
        assert_eq!(days_remaining(JAN_31, JAN_31 + DAY_MS), 0);
    }
}
