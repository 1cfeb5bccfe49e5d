//! Usage analytics: series of tokens and calls in the user's time zone, per-model shares, the timeline.
//!
//! Series read the day rollups in the user's zone (`db::day_rollups`), never the events: a year by day costs
//! 365 rows whether it holds a hundred events or a million. Those are sums of the 15-minute rollups, and local
//! day, week and month boundaries are exact 15-minute boundaries in every zone (each UTC offset is a multiple
//! of 15 minutes), so the aggregation is exact too: at DST changes a local day simply has 92 or 100 buckets.

use crate::{
    api::{
        analytics::{
            ActivityItem, ActivityPage, CallPoint, CallSeries, ModelShare, ModelUsage, SeriesQuery,
            TokenPoint, TokenSeries,
        },
        dashboard::success_rate,
        ApiError, FieldErrors,
    },
    server::{
        calendar::{parse_date, Timezone},
        db,
        services::settings,
        AppError, AppState,
    },
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{Datelike, Duration, NaiveDate, TimeZone};

/// At most this many buckets in one series (about three years by day).
pub const MAX_BUCKETS: usize = 1100;

/// A local date range cut into buckets: bucket i covers the local days from `dates[i]`, the first of them
/// starting at instant `starts[i]`.
pub struct Buckets {
    pub zone: Timezone,
    pub bucket: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub dates: Vec<NaiveDate>,
    pub starts: Vec<i64>,
}

impl Buckets {
    /// The bucket holding local day `day` (YYYY-MM-DD, as the day rollups key it), if it is in range.
    pub fn index_of_day(&self, day: &str) -> Option<usize> {
        let day = parse_date(day).ok()?;
        if day < *self.dates.first()? || day > self.to {
            return None;
        }
        Some(self.dates.partition_point(|d| *d <= day) - 1)
    }

    /// The first local day of the first bucket and the last day of the range, as the day rollups key them.
    fn day_range(&self) -> (String, String) {
        let first = self.dates.first().copied().unwrap_or(self.from);
        (
            first.format("%Y-%m-%d").to_string(),
            self.to.format("%Y-%m-%d").to_string(),
        )
    }

    pub fn label(&self, i: usize) -> (String, String) {
        let date = self.dates[i];
        let start = self
            .zone
            .0
            .timestamp_millis_opt(self.starts[i])
            .single()
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        // NaiveDate's Display is YYYY-MM-DD, without strftime's parsing of a format string per point.
        (date.to_string(), start)
    }
}

/// Parses the range and bucket of a series query, in the user's time zone.
pub async fn buckets(
    state: &AppState,
    user_id: &str,
    q: &SeriesQuery,
) -> Result<Buckets, AppError> {
    let zone = settings::timezone(state, user_id).await?;
    let today = zone.local_date(db::now_ms());
    let mut errors = FieldErrors::new();
    let mut date = |field: &str, raw: &Option<String>, default: NaiveDate| match raw
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(parse_date)
    {
        None => default,
        Some(Ok(d)) => d,
        Some(Err(m)) => {
            errors.entry(field.to_owned()).or_default().push(m);
            default
        }
    };
    let to = date("to", &q.to, today);
    let from = date("from", &q.from, to - Duration::days(29));
    let bucket = q.bucket.clone().unwrap_or_else(|| "day".into());
    let first = match bucket.as_str() {
        "day" => Some(from),
        "week" => Some(from - Duration::days(i64::from(from.weekday().num_days_from_monday()))),
        "month" => from.with_day(1),
        _ => {
            errors
                .entry("bucket".into())
                .or_default()
                .push("Use day, week or month.".into());
            None
        }
    };
    if from > to {
        errors
            .entry("to".into())
            .or_default()
            .push("The end date is before the start date.".into());
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors).into());
    }
    let mut dates = Vec::new();
    let mut cursor = first.unwrap_or(from);
    while cursor <= to {
        dates.push(cursor);
        if dates.len() > MAX_BUCKETS {
            let mut fields = FieldErrors::new();
            fields.insert(
                "from".into(),
                vec![format!(
                    "Ask for at most {MAX_BUCKETS} buckets; use a wider bucket."
                )],
            );
            return Err(ApiError::validation(fields).into());
        }
        cursor = match bucket.as_str() {
            "week" => cursor + Duration::days(7),
            "month" => cursor
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX),
            _ => cursor + Duration::days(1),
        };
    }
    let starts = dates.iter().map(|d| zone.day_start(*d)).collect();
    Ok(Buckets {
        zone,
        bucket,
        from,
        to,
        dates,
        starts,
    })
}

/// Makes sure the user's day rollups are built for the zone the series is in: a user who just picked another
/// zone, or whose rows predate the day rollups, gets them rebuilt from the 15-minute rollups first (once).
pub(crate) async fn day_rollups_for(
    state: &AppState,
    user_id: &str,
    zone: &Timezone,
) -> Result<(), AppError> {
    if db::day_rollups::built_zone(&state.db, user_id)
        .await?
        .as_deref()
        != Some(zone.name())
    {
        db::day_rollups::rebuild(&state.db, user_id, zone, db::now_ms()).await?;
    }
    Ok(())
}

fn model_filter(q: &SeriesQuery) -> Option<&str> {
    q.model.as_deref().map(str::trim).filter(|m| !m.is_empty())
}

pub async fn tokens(
    state: &AppState,
    user_id: &str,
    q: &SeriesQuery,
) -> Result<TokenSeries, AppError> {
    let b = buckets(state, user_id, q).await?;
    day_rollups_for(state, user_id, &b.zone).await?;
    let (first, last) = b.day_range();
    let rows =
        db::day_rollups::token_days(&state.db, user_id, &first, &last, model_filter(q)).await?;
    let mut points: Vec<TokenPoint> = (0..b.dates.len())
        .map(|i| {
            let (date, start) = b.label(i);
            TokenPoint {
                date,
                start,
                prompt_tokens: 0,
                completion_tokens: 0,
                total_tokens: 0,
                requests: 0,
            }
        })
        .collect();
    for row in rows {
        if let Some(p) = b.index_of_day(&row.day).and_then(|i| points.get_mut(i)) {
            p.prompt_tokens += row.prompt_tokens;
            p.completion_tokens += row.completion_tokens;
            p.total_tokens += row.prompt_tokens + row.completion_tokens;
            p.requests += row.events;
        }
    }
    Ok(TokenSeries {
        timezone: b.zone.name().into(),
        bucket: b.bucket.clone(),
        from: b.from.to_string(),
        to: b.to.to_string(),
        model: model_filter(q).map(str::to_owned),
        total_tokens: points.iter().map(|p| p.total_tokens).sum(),
        points,
    })
}

pub async fn models(
    state: &AppState,
    user_id: &str,
    q: &SeriesQuery,
) -> Result<ModelUsage, AppError> {
    let b = buckets(
        state,
        user_id,
        &SeriesQuery {
            bucket: Some("day".into()),
            model: None,
            ..q.clone()
        },
    )
    .await?;
    day_rollups_for(state, user_id, &b.zone).await?;
    let (first, last) = b.day_range();
    let rows = db::day_rollups::model_totals(&state.db, user_id, &first, &last).await?;
    let total: i64 = rows
        .iter()
        .map(|r| r.prompt_tokens + r.completion_tokens)
        .sum();
    Ok(ModelUsage {
        timezone: b.zone.name().into(),
        from: b.from.to_string(),
        to: b.to.to_string(),
        total_tokens: total,
        models: rows
            .into_iter()
            .map(|r| {
                let tokens = r.prompt_tokens + r.completion_tokens;
                ModelShare {
                    model: r.model,
                    prompt_tokens: r.prompt_tokens,
                    completion_tokens: r.completion_tokens,
                    total_tokens: tokens,
                    share: success_rate(tokens, total),
                }
            })
            .collect(),
    })
}

pub async fn calls(
    state: &AppState,
    user_id: &str,
    q: &SeriesQuery,
) -> Result<CallSeries, AppError> {
    let b = buckets(state, user_id, q).await?;
    day_rollups_for(state, user_id, &b.zone).await?;
    let (first, last) = b.day_range();
    let rows = db::day_rollups::call_days(&state.db, user_id, &first, &last).await?;
    let mut sums = vec![(0i64, 0i64, 0i64, 0i64, 0i64, [0i64; 5]); b.dates.len()];
    for r in rows {
        if let Some(s) = b.index_of_day(&r.day).and_then(|i| sums.get_mut(i)) {
            s.0 += r.calls;
            s.1 += r.completed;
            s.2 += r.failed;
            s.3 += r.missed;
            s.4 += r.duration_seconds;
            for (k, n) in [r.rating_1, r.rating_2, r.rating_3, r.rating_4, r.rating_5]
                .into_iter()
                .enumerate()
            {
                s.5[k] += n;
            }
        }
    }
    let points = sums
        .into_iter()
        .enumerate()
        .map(
            |(i, (calls, completed, failed, missed, duration, ratings))| {
                let (date, start) = b.label(i);
                let average_duration = if calls > 0 {
                    (duration as f64 * 100.0 / calls as f64).round() / 100.0
                } else {
                    0.0
                };
                CallPoint {
                    date,
                    start,
                    calls,
                    completed,
                    failed,
                    missed,
                    success_rate: success_rate(completed, calls),
                    average_duration,
                    ratings,
                }
            },
        )
        .collect();
    Ok(CallSeries {
        timezone: b.zone.name().into(),
        bucket: b.bucket.clone(),
        from: b.from.to_string(),
        to: b.to.to_string(),
        points,
    })
}

pub const TIMELINE_PAGE: i64 = 20;

pub async fn timeline(
    state: &AppState,
    user_id: &str,
    cursor: Option<&str>,
) -> Result<ActivityPage, AppError> {
    let after = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(raw) => Some(
            decode(raw).ok_or_else(|| AppError::field("cursor", "This cursor is not valid."))?,
        ),
    };
    let mut rows = db::analytics::timeline(&state.db, user_id, after, TIMELINE_PAGE + 1).await?;
    let more = rows.len() as i64 > TIMELINE_PAGE;
    rows.truncate(TIMELINE_PAGE as usize);
    let next_cursor = if more {
        rows.last()
            .map(|r| URL_SAFE_NO_PAD.encode(format!("{}|{}|{}", r.at, r.kind, r.id)))
    } else {
        None
    };
    Ok(ActivityPage {
        items: rows
            .into_iter()
            .map(|r| ActivityItem {
                kind: r.kind,
                id: r.id,
                title: r.title,
                detail: r.detail,
                at: db::rfc3339(r.at),
            })
            .collect(),
        next_cursor,
    })
}

fn decode(raw: &str) -> Option<(i64, String, String)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let mut parts = text.splitn(3, '|');
    let at = parts.next()?.parse().ok()?;
    let kind = parts.next()?.to_owned();
    let id = parts.next()?.to_owned();
    (kind.len() <= 16 && id.len() <= 64).then_some((at, kind, id))
}
