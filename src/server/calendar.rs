//! Calendar arithmetic in a user's time zone: where their day and month begin, in UTC epoch milliseconds.
//!
//! Every range the dashboard filters by ("this month", `date_from`/`date_to`) is a local calendar range. A local
//! midnight may not exist (a DST gap) or exist twice (a DST overlap); we take the first instant at or after
//! it, so consecutive days tile the timeline with no gap and no overlap.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// `Region/City` names under the continents and oceans the tz database uses for real places.
fn is_region_city(name: &str) -> bool {
    const REGIONS: [&str; 10] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Arctic/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    REGIONS.iter().any(|r| name.starts_with(r))
}

/// A valid IANA time zone name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timezone(pub Tz);

impl Timezone {
    pub fn parse(name: &str) -> Result<Self, String> {
        name.trim().parse::<Tz>().map(Timezone).map_err(|_| {
            format!("{name:?} is not an IANA time zone, like Europe/London or Asia/Karachi.")
        })
    }

    /// The zone named `name`, or UTC when the stored name is somehow unknown.
    pub fn or_utc(name: &str) -> Self {
        Self::parse(name).unwrap_or(Timezone(Tz::UTC))
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The names a user may choose from, sorted: the tz database's zones, without its legacy aliases
    /// (`US/Eastern`, `Etc/GMT+5`), which name the same rules as a `Region/City` zone and only lengthen the list.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|name| *name == "UTC" || is_region_city(name))
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    /// The first instant of local `date`, as epoch ms.
    pub fn day_start(&self, date: NaiveDate) -> i64 {
        self.first_instant_at_or_after(date.and_hms_opt(0, 0, 0).unwrap_or_default())
    }

    /// The first instant of the local calendar month that contains `at_ms`.
    pub fn month_start(&self, at_ms: i64) -> i64 {
        let local = self.local_date(at_ms);
        self.day_start(local.with_day(1).unwrap_or(local))
    }

    /// `at_ms` as the user reads it: "2026-01-05 14:30".
    pub fn display(&self, at_ms: i64) -> String {
        let utc = DateTime::<Utc>::from_timestamp_millis(at_ms).unwrap_or_default();
        utc.with_timezone(&self.0)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// The local calendar date at `at_ms`.
    pub fn local_date(&self, at_ms: i64) -> NaiveDate {
        let utc = DateTime::<Utc>::from_timestamp_millis(at_ms).unwrap_or_default();
        utc.with_timezone(&self.0).date_naive()
    }

    fn first_instant_at_or_after(&self, local: NaiveDateTime) -> i64 {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) => t.timestamp_millis(),
            LocalResult::Ambiguous(earliest, _) => earliest.timestamp_millis(),
            // In a gap: walk forward a quarter hour at a time (every offset change is a multiple of 15 min).
            LocalResult::None => (1..=16)
                .find_map(|q| {
                    match self
                        .0
                        .from_local_datetime(&(local + Duration::minutes(15 * q)))
                    {
                        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                            Some(t.timestamp_millis())
                        }
                        LocalResult::None => None,
                    }
                })
                .unwrap_or_else(|| local.and_utc().timestamp_millis()),
        }
    }
}

/// A `YYYY-MM-DD` date, of a four-digit year. chrono's `%Y` also takes signed and longer years
/// (`+10000-01-01`), whose text would not sort among the day keys of the rollups (`db::day_rollups::day_key`).
pub fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (0..=9999).contains(&d.year()))
        .ok_or_else(|| "Use the YYYY-MM-DD format.".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .map(|t| t.timestamp_millis())
            .unwrap_or(i64::MIN)
    }

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap_or_default()
    }

    #[test]
    fn dates_have_four_digit_years() {
        assert_eq!(date("2026-01-31").to_string(), "2026-01-31");
        for bad in [
            "+10000-01-01",
            "-0001-01-01",
            "2026-1-311",
            "2026-02-30",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn zone_names_are_sorted_real_places_that_parse() {
        let names = Timezone::names();
        assert!(names.len() > 300);
        assert!(names.contains(&"Asia/Karachi".to_owned()));
        assert!(names.contains(&"UTC".to_owned()));
        assert!(!names.contains(&"US/Eastern".to_owned()));
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(names.iter().all(|n| Timezone::parse(n).is_ok()));
    }

    #[test]
    fn half_and_three_quarter_hour_zones() {
        let kolkata = Timezone::or_utc("Asia/Kolkata");
        assert_eq!(
            kolkata.day_start(date("2026-03-01")),
            ms("2026-02-28T18:30:00Z")
        );
        let kathmandu = Timezone::or_utc("Asia/Kathmandu");
        assert_eq!(
            kathmandu.day_start(date("2026-03-01")),
            ms("2026-02-28T18:15:00Z")
        );
    }

    #[test]
    fn a_dst_gap_midnight_starts_at_the_first_real_instant() {
        // Santiago springs forward at local midnight: 2026-09-06 00:00 does not exist; the day starts at 01:00 -03.
        let santiago = Timezone::or_utc("America/Santiago");
        assert_eq!(
            santiago.day_start(date("2026-09-06")),
            ms("2026-09-06T01:00:00-03:00")
        );
    }

    #[test]
    fn month_start_follows_the_local_calendar() {
        let karachi = Timezone::or_utc("Asia/Karachi");
        // 2026-03-31T20:00Z is already April 1st, 01:00 in Karachi (+5).
        assert_eq!(
            karachi.month_start(ms("2026-03-31T20:00:00Z")),
            ms("2026-03-31T19:00:00Z")
        );
        let new_york = Timezone::or_utc("America/New_York");
        assert_eq!(
            new_york.month_start(ms("2026-04-01T02:00:00Z")),
            ms("2026-03-01T05:00:00Z")
        );
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(Timezone::parse("Mars/Olympus").is_err());
        assert!(Timezone::parse("Europe/London").is_ok());
    }
}
