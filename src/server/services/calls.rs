//! Call history: filters parsed once from the query string, page or cursor listing, one call, CSV export.

use crate::{
    api::{
        calls::{Agent, Call, CallPage, CallQuery, CallView, CallsView},
        ApiError, FieldErrors,
    },
    server::{
        calendar::{parse_date, Timezone},
        db::{
            self,
            calls::{CallFilter, CallRow},
        },
        services::{analytics, settings},
        AppError, AppState,
    },
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::NaiveDate;

pub const DEFAULT_PAGE_SIZE: i64 = 20;
pub const MAX_PAGE_SIZE: i64 = 100;
const STATUSES: [&str; 3] = ["completed", "failed", "missed"];

pub fn to_dto(row: CallRow) -> Call {
    Call {
        id: row.id,
        phone_number: row.phone_number,
        direction: row.direction,
        status: row.status,
        started_at: db::rfc3339(row.started_at),
        duration: row.duration_seconds,
        agent: row
            .agent_id
            .zip(row.agent_name)
            .map(|(id, name)| Agent { id, name }),
        satisfaction_rating: row.satisfaction_rating,
        recording_url: row.recording_url,
        summary: row.summary,
    }
}

/// The query, checked: the filter for the database plus the paging mode.
pub struct Listing {
    pub filter: CallFilter,
    /// The local days asked for (`date_from`, `date_to`) and the zone they are in, when either was given.
    pub days: Option<(Timezone, Option<NaiveDate>, Option<NaiveDate>)>,
    pub page: i64,
    pub page_size: i64,
    pub cursor: bool,
}

/// Parses the query string of the call history. Dates are local calendar days in the user's time zone, both
/// inclusive; `search` matches a status word or digits of the phone number.
pub async fn parse(state: &AppState, user_id: &str, q: &CallQuery) -> Result<Listing, AppError> {
    let mut errors = FieldErrors::new();
    let mut fail = |field: &str, message: &str| {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(message.to_owned())
    };
    let number = |raw: &Option<String>, default: i64| {
        raw.as_deref()
            .map(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(Some(default))
    };
    let page = number(&q.page, 1).filter(|p| *p >= 1);
    if page.is_none() {
        fail("page", "Use a whole number from 1.");
    }
    let page_size =
        number(&q.page_size, DEFAULT_PAGE_SIZE).filter(|s| (1..=MAX_PAGE_SIZE).contains(s));
    if page_size.is_none() {
        fail("page_size", "Use a whole number from 1 to 100.");
    }
    let mut filter = CallFilter {
        user_id: user_id.to_owned(),
        ..Default::default()
    };
    match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if STATUSES.contains(&s) => filter.status = Some(s.to_owned()),
        Some(_) => fail("status", "Use completed, failed or missed."),
        None => {}
    }
    let mut days = None;
    if q.date_from.is_some() || q.date_to.is_some() {
        let zone = settings::timezone(state, user_id).await?;
        let from = q
            .date_from
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(parse_date);
        let to = q
            .date_to
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(parse_date);
        match &from {
            Some(Ok(d)) => filter.since = Some(zone.day_start(*d)),
            Some(Err(m)) => fail("date_from", m),
            None => {}
        }
        match &to {
            Some(Ok(d)) => filter.until = d.succ_opt().map(|next| zone.day_start(next)),
            Some(Err(m)) => fail("date_to", m),
            None => {}
        }
        if let (Some(since), Some(until)) = (filter.since, filter.until) {
            if since >= until {
                fail("date_to", "The end date is before the start date.");
            }
        }
        days = Some((zone, from.and_then(Result::ok), to.and_then(Result::ok)));
    }
    if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let word = search.to_lowercase();
        if STATUSES.contains(&word.as_str()) {
            filter.status = Some(word);
        } else {
            let digits: String = search.chars().filter(char::is_ascii_digit).collect();
            if digits.is_empty() {
                fail("search", "Search by phone number digits or by status.");
            } else {
                filter.phone_digits = Some(digits);
            }
        }
    }
    // `cursor=` (empty) asks for the first page in cursor mode.
    let cursor_mode = q.cursor.is_some();
    if let Some(raw) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
        match decode_cursor(raw) {
            Some(position) => filter.after = Some(position),
            None => fail("cursor", "This cursor is not valid."),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors).into());
    }
    Ok(Listing {
        filter,
        days,
        page: page.unwrap_or(1),
        page_size: page_size.unwrap_or(DEFAULT_PAGE_SIZE),
        cursor: cursor_mode,
    })
}

/// A cursor names the last row seen: its start time and id, so the next page starts strictly after it.
fn encode_cursor(row: &CallRow) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", row.started_at, row.id))
}

fn decode_cursor(raw: &str) -> Option<(i64, String)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let (at, id) = text.split_once('|')?;
    (id.len() <= 64).then(|| Some((at.parse().ok()?, id.to_owned())))?
}

pub async fn list(
    state: &AppState,
    user_id: &str,
    query: &CallQuery,
) -> Result<CallPage, AppError> {
    let listing = parse(state, user_id, query).await?;
    let size = listing.page_size;
    // One extra row tells whether another page follows, without counting.
    let offset = if listing.cursor {
        0
    } else {
        (listing.page - 1) * size
    };
    let (mut rows, count) = if listing.cursor {
        let rows = db::calls::list(&state.db, &listing.filter, size + 1, offset).await?;
        (rows, None)
    } else {
        let (rows, count) = page_and_count(state, &listing, size + 1, offset).await?;
        (rows, Some(count))
    };
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    let next_cursor = if more {
        rows.last().map(encode_cursor)
    } else {
        None
    };
    let link = |params: &[(&str, String)]| Some(url(query, params));
    let (count, page, total_pages, next, previous) = match count {
        None => {
            let next = next_cursor.clone().and_then(|c| link(&[("cursor", c)]));
            (None, None, None, next, None)
        }
        Some(count) => {
            let total_pages = (count + size - 1) / size;
            let page = listing.page;
            let next = (page < total_pages)
                .then(|| link(&[("page", (page + 1).to_string())]))
                .flatten();
            let previous = (page > 1)
                .then(|| link(&[("page", (page - 1).to_string())]))
                .flatten();
            (Some(count), Some(page), Some(total_pages), next, previous)
        }
    };
    Ok(CallPage {
        count,
        page,
        page_size: size,
        total_pages,
        next,
        previous,
        next_cursor,
        results: rows.into_iter().map(to_dto).collect(),
    })
}

/// A page of the listing (`limit` rows from `offset`) and how many calls it matches. Status and dates are
/// counted from the day rollups in the page's own statement (`db::calls::page_and_count`), in time that does
/// not grow with the history: counting the calls themselves took 10 ms for 80,000 failed calls and 200 ms for
/// a million, on every page. A search by phone digits has to look at each call anyway.
async fn page_and_count(
    state: &AppState,
    listing: &Listing,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CallRow>, i64), AppError> {
    let filter = &listing.filter;
    if filter.phone_digits.is_some() {
        let rows = db::calls::list(&state.db, filter, limit, offset).await?;
        return Ok((rows, db::calls::count(&state.db, filter).await?));
    }
    let (zone, from, to) = match listing.days {
        Some((zone, from, to)) => (Some(zone), from, to),
        None => (None, None, None),
    };
    let key = |day: Option<NaiveDate>, unbounded: &str| {
        day.map_or_else(
            || unbounded.to_owned(),
            |d| d.format("%Y-%m-%d").to_string(),
        )
    };
    let (from, to) = (key(from, "0000-01-01"), key(to, "9999-12-31"));
    let query = db::calls::RollupCount {
        user_id: &filter.user_id,
        status: filter.status.as_deref(),
        zone: zone.map(|z| z.name()),
        days: (&from, &to),
        range: (
            filter.since.unwrap_or(i64::MIN),
            filter.until.unwrap_or(i64::MAX),
        ),
    };
    let (rows, count) = db::calls::page_and_count(&state.db, filter, limit, offset, &query).await?;
    if let Some(count) = count {
        return Ok((rows, count));
    }
    // The day rows are not built for the zone (yet): build them, then count.
    let zone = match zone {
        Some(zone) => zone,
        None => settings::timezone(state, &filter.user_id).await?,
    };
    analytics::day_rollups_for(state, &filter.user_id, &zone).await?;
    let count = match db::calls::count_from_rollups(&state.db, &query).await? {
        Some(count) => count,
        // The zone changed again in between: count the calls themselves.
        None => db::calls::count(&state.db, filter).await?,
    };
    Ok((rows, count))
}

/// The relative URL of this listing with `params` replacing page/cursor, keeping every filter.
fn url(q: &CallQuery, params: &[(&str, String)]) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (key, value) in [
        ("status", &q.status),
        ("date_from", &q.date_from),
        ("date_to", &q.date_to),
        ("search", &q.search),
        ("page_size", &q.page_size),
    ] {
        if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((key, v.clone()));
        }
    }
    pairs.extend(params.iter().map(|(k, v)| (*k, v.clone())));
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencoding::encode(v)))
        .collect();
    format!("/api/dashboard/user/calls/?{}", query.join("&"))
}

pub async fn detail(state: &AppState, user_id: &str, id: &str) -> Result<Call, AppError> {
    let row = db::calls::find(&state.db, user_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("The call"))?;
    Ok(to_dto(row))
}

/// The CSV header and one row, in the same column order.
pub const CSV_HEADER: [&str; 10] = [
    "id",
    "started_at",
    "phone_number",
    "direction",
    "status",
    "duration_seconds",
    "agent",
    "satisfaction_rating",
    "recording_url",
    "summary",
];

pub fn csv_record(row: &CallRow) -> [String; 10] {
    [
        row.id.clone(),
        db::rfc3339(row.started_at),
        row.phone_number.clone(),
        row.direction.clone(),
        row.status.clone(),
        row.duration_seconds.to_string(),
        row.agent_name.clone().unwrap_or_default(),
        row.satisfaction_rating
            .map(|r| r.to_string())
            .unwrap_or_default(),
        row.recording_url.clone().unwrap_or_default(),
        row.summary.clone().unwrap_or_default(),
    ]
}

/// Start times as the user reads them, in their time zone (RFC 3339 UTC in, "2026-01-05 14:30" out).
pub async fn local_times(
    state: &AppState,
    user_id: &str,
    calls: &[Call],
) -> Result<(String, Vec<String>), AppError> {
    let zone = settings::timezone(state, user_id).await?;
    let times = calls
        .iter()
        .map(|c| {
            crate::server::domain::parse_timestamp(&c.started_at)
                .map(|ms| zone.display(ms))
                .unwrap_or_default()
        })
        .collect();
    Ok((zone.name().to_owned(), times))
}

pub async fn view_list(
    state: &AppState,
    user_id: &str,
    query: &CallQuery,
) -> Result<CallsView, AppError> {
    let page = list(state, user_id, query).await?;
    let (timezone, started_local) = local_times(state, user_id, &page.results).await?;
    Ok(CallsView {
        page,
        timezone,
        started_local,
    })
}

pub async fn view_detail(state: &AppState, user_id: &str, id: &str) -> Result<CallView, AppError> {
    let call = detail(state, user_id, id).await?;
    let (timezone, mut times) = local_times(state, user_id, std::slice::from_ref(&call)).await?;
    Ok(CallView {
        call,
        timezone,
        started_local: times.pop().unwrap_or_default(),
    })
}
