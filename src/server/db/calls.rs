//! Queries on `calls`: the filtered history (page or keyset cursor), one call, the latest few, and a
//! streamed read for CSV export.
//!
//! Every list is per user, newest first, on the `(user_id, started_at DESC, id DESC)` index; the cursor is a
//! position in that order, so page 10,000 costs what page 1 costs.

use super::{on_pool, packed, Db};

#[derive(Debug, Clone, serde::Deserialize)]
pub struct CallRow {
    pub id: String,
    pub phone_number: String,
    pub direction: String,
    pub status: String,
    pub started_at: i64,
    pub duration_seconds: i64,
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub satisfaction_rating: Option<i32>,
    pub recording_url: Option<String>,
    pub summary: Option<String>,
}

impl CallRow {
    /// Newest first: the order of every list.
    fn newest_first(a: &CallRow, b: &CallRow) -> std::cmp::Ordering {
        (b.started_at, &b.id).cmp(&(a.started_at, &a.id))
    }
}

/// The fields of `CallRow`, in order.
const COLUMNS: &str =
    "c.id, c.phone_number, c.direction, c.status, c.started_at, c.duration_seconds, c.agent_id,
        a.name, c.satisfaction_rating, c.recording_url, c.summary";
const FROM: &str = "FROM calls c LEFT JOIN agents a ON a.id = c.agent_id";

/// Rows per read of `stream`.
const STREAM_PAGE: i64 = 2000;

/// Which of a user's calls to list. Times are epoch ms, `until` exclusive.
#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    pub user_id: String,
    pub status: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Digits that the phone number must contain.
    pub phone_digits: Option<String>,
    /// Only calls strictly after this position in newest-first order.
    pub after: Option<(i64, String)>,
}

enum Arg {
    Text(String),
    Int(i64),
}

impl CallFilter {
    /// The WHERE clause and its arguments, numbered from $1.
    fn clause(&self) -> (String, Vec<Arg>) {
        let mut sql = String::from(" WHERE c.user_id = $1");
        let mut args = vec![Arg::Text(self.user_id.clone())];
        let mut push = |condition: &str, values: Vec<Arg>, sql: &mut String| {
            let mut condition = condition.to_owned();
            for (i, value) in values.into_iter().enumerate() {
                condition = condition.replace(&format!("?{i}"), &format!("${}", args.len() + 1));
                args.push(value);
            }
            sql.push_str(" AND ");
            sql.push_str(&condition);
        };
        if let Some(status) = &self.status {
            push("c.status = ?0", vec![Arg::Text(status.clone())], &mut sql);
        }
        if let Some(since) = self.since {
            push("c.started_at >= ?0", vec![Arg::Int(since)], &mut sql);
        }
        if let Some(until) = self.until {
            push("c.started_at < ?0", vec![Arg::Int(until)], &mut sql);
        }
        if let Some(digits) = &self.phone_digits {
            push(
                "c.phone_number LIKE ?0",
                vec![Arg::Text(format!("%{digits}%"))],
                &mut sql,
            );
        }
        if let Some((started_at, id)) = &self.after {
            // Written as a range on started_at plus a tie-break, not as one OR: both databases then seek the
            // index to the cursor instead of walking it from the newest call (measured on SQLite: a cursor
            // 900,000 calls deep took 1.3 s a page with the OR form).
            push(
                "c.started_at <= ?0 AND (c.started_at < ?1 OR c.id < ?2)",
                vec![
                    Arg::Int(*started_at),
                    Arg::Int(*started_at),
                    Arg::Text(id.clone()),
                ],
                &mut sql,
            );
        }
        (sql, args)
    }

    /// The packed page query (`db::packed`) of up to `limit` matching calls, newest first, skipping `offset`,
    /// and its arguments: the clause's, then limit and offset.
    fn page(&self, db: &Db, limit: i64, offset: i64) -> (String, Vec<Arg>) {
        let (clause, mut args) = self.clause();
        let n = args.len();
        let rest = format!(
            "{FROM}{clause} ORDER BY c.started_at DESC, c.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        args.push(Arg::Int(limit));
        args.push(Arg::Int(offset));
        (
            packed::sql(matches!(db, Db::Postgres(_)), COLUMNS, &rest),
            args,
        )
    }
}

/// Binds `args` in order to `query` (each driver's query type is different, hence a macro).
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Text(s) => query.bind(s),
                Arg::Int(i) => query.bind(i),
            };
        }
        query
    }};
}

/// Up to `limit` calls matching `filter`, newest first, skipping `offset`. Read packed into one JSON row
/// (`db::packed`): a page of the history then costs one hand-over from the driver, not one per call.
pub async fn list(
    db: &Db,
    filter: &CallFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<CallRow>, sqlx::Error> {
    let (sql, args) = filter.page(db, limit, offset);
    let json: String =
        on_pool!(db, pool => bind_args!(sqlx::query_scalar(&sql), args).fetch_one(pool).await)?;
    let mut rows: Vec<CallRow> = packed::unpack(&json)?;
    rows.sort_by(CallRow::newest_first);
    Ok(rows)
}

pub async fn count(db: &Db, filter: &CallFilter) -> Result<i64, sqlx::Error> {
    let (clause, args) = filter.clause();
    let sql = format!("SELECT COUNT(*) FROM calls c{clause}");
    on_pool!(db, pool => bind_args!(sqlx::query_scalar::<_, i64>(&sql), args).fetch_one(pool).await)
}

/// Which calls a count from the rollups covers: a status or all, and local days `from..=to` (YYYY-MM-DD) of
/// the zone `zone`, which are `[since, until)` in epoch ms. Without a zone, every day (of whichever zone the
/// rows are built for: all of them add up to the same total).
pub struct RollupCount<'a> {
    pub user_id: &'a str,
    pub status: Option<&'a str>,
    pub zone: Option<&'a str>,
    pub days: (&'a str, &'a str),
    pub range: (i64, i64),
}

/// How many calls `c` covers, without reading the calls: the day rollups hold every call the stats worker has
/// folded in, and the outbox (`stats_events`) every call it has not yet. The stats worker moves a call from
/// one to the other in one transaction, and one statement reads both in one snapshot, so the sum is exact.
/// A history of a million calls costs a few hundred day rows. `None` when the user's day rows are not built
/// (for `zone`, if given; see `db::day_rollups`).
///
/// This holds because every write of a call also writes its outbox event (ingestion, the demo), or its
/// rollups (`db::bulk`), and calls are never changed or deleted one by one. The outbox has no index by user
/// (each one would slow every ingest): its pending rows are scanned, a handful while the worker keeps up.
pub async fn count_from_rollups(db: &Db, c: &RollupCount<'_>) -> Result<Option<i64>, sqlx::Error> {
    let Some((select, args)) = c.select(1) else {
        return Ok(None);
    };
    let sql = format!("SELECT {select}");
    let (built, n): (Option<String>, i64) = on_pool!(db, pool => bind_args!(sqlx::query_as(&sql).bind(c.user_id), args)
        .fetch_one(pool)
        .await)?;
    Ok(c.usable(built.as_deref()).then_some(n))
}

impl RollupCount<'_> {
    /// The zone the user's day rows are built for, and the count, as two select expressions; the user is
    /// `$1`, the other arguments are numbered after the `used` ones. None for a status with no column.
    fn select(&self, used: usize) -> Option<(String, Vec<Arg>)> {
        let column = match self.status {
            None => "calls",
            Some("completed") => "completed",
            Some("failed") => "failed",
            Some("missed") => "missed",
            Some(_) => return None,
        };
        let p = |k: usize| format!("${}", used + k);
        let mut args = vec![
            Arg::Text(self.days.0.to_owned()),
            Arg::Text(self.days.1.to_owned()),
            Arg::Int(self.range.0),
            Arg::Int(self.range.1),
        ];
        let status = match self.status {
            Some(status) => {
                args.push(Arg::Text(status.to_owned()));
                format!(" AND e.status = {}", p(5))
            }
            None => String::new(),
        };
        let select = format!(
            "(SELECT day_zone FROM user_stats WHERE user_id = $1), CAST(
                COALESCE((SELECT SUM(d.{column}) FROM call_day_rollups d
                          WHERE d.user_id = $1 AND d.day >= {} AND d.day <= {}), 0)
                + (SELECT COUNT(*) FROM stats_events e
                   WHERE e.user_id = $1 AND e.kind = 'call' AND e.occurred_at >= {} AND e.occurred_at < {}{status})
             AS BIGINT)",
            p(1),
            p(2),
            p(3),
            p(4)
        );
        Some((select, args))
    }

    /// Whether day rows built for `built` answer this count.
    fn usable(&self, built: Option<&str>) -> bool {
        match (built, self.zone) {
            (Some(built), Some(zone)) => built == zone,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// A page of `list` and the count of `count`, in one statement: one round trip, and the two agree (one
/// snapshot). The count is None when the rollups cannot answer it (see `count_from_rollups`).
pub async fn page_and_count(
    db: &Db,
    filter: &CallFilter,
    limit: i64,
    offset: i64,
    count: &RollupCount<'_>,
) -> Result<(Vec<CallRow>, Option<i64>), sqlx::Error> {
    // Both parts take the user as $1.
    debug_assert_eq!(filter.user_id, count.user_id);
    let (page, mut args) = filter.page(db, limit, offset);
    let Some((select, count_args)) = count.select(args.len()) else {
        return Ok((list(db, filter, limit, offset).await?, None));
    };
    args.extend(count_args);
    let sql = format!("SELECT ({page}), {select}");
    let (json, built, n): (String, Option<String>, i64) = on_pool!(db, pool => bind_args!(sqlx::query_as(&sql), args)
        .fetch_one(pool)
        .await)?;
    let mut rows: Vec<CallRow> = packed::unpack(&json)?;
    rows.sort_by(CallRow::newest_first);
    Ok((rows, count.usable(built.as_deref()).then_some(n)))
}

pub async fn find(db: &Db, user_id: &str, id: &str) -> Result<Option<CallRow>, sqlx::Error> {
    let rest = format!("{FROM} WHERE c.user_id = $1 AND c.id = $2");
    let sql = packed::sql(matches!(db, Db::Postgres(_)), COLUMNS, &rest);
    let json: String = on_pool!(db, pool => sqlx::query_scalar(&sql).bind(user_id).bind(id).fetch_one(pool).await)?;
    Ok(packed::unpack::<CallRow>(&json)?.pop())
}

/// Sends every call matching `filter` into `out`, newest first, a page at a time (each page one keyset read
/// of `list`): memory stays bounded by a page and the channel, whatever the history's size. Stops early when
/// the receiver goes away.
pub async fn stream(
    db: &Db,
    filter: &CallFilter,
    out: tokio::sync::mpsc::Sender<CallRow>,
) -> Result<(), sqlx::Error> {
    let mut filter = filter.clone();
    loop {
        let page = list(db, &filter, STREAM_PAGE, 0).await?;
        let full = page.len() as i64 == STREAM_PAGE;
        filter.after = page.last().map(|last| (last.started_at, last.id.clone()));
        for row in page {
            if out.send(row).await.is_err() {
                return Ok(());
            }
        }
        if !full {
            return Ok(());
        }
    }
}

/// The user's latest `limit` calls.
pub async fn recent(db: &Db, user_id: &str, limit: i64) -> Result<Vec<CallRow>, sqlx::Error> {
    list(
        db,
        &CallFilter {
            user_id: user_id.to_owned(),
            ..Default::default()
        },
        limit,
        0,
    )
    .await
}
