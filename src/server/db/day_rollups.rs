//! Daily rollups in the user's own time zone: what a day, week or month series reads, one row per local day
//! (and model), so a year costs 365 rows whether it holds 100 events or a million.
//!
//! They are derived data. The 15-minute rollups stay the truth (exact in every zone); the day rollups hold the
//! same sums grouped by local date for the zone named in `user_stats.day_zone`. The stats worker adds to both
//! in one transaction while that zone is the user's current one. When it is not (the user picked another zone,
//! or the rows predate this table), the next read rebuilds them from the 15-minute rollups.
//!
//! Why that is exact with several nodes: the worker's first write for a user is the upsert of their
//! `user_stats` row, and a rebuild's first statement updates that same row, so the two hold one row lock and
//! run one after the other (SQLite runs every write transaction alone anyway). The second one's later
//! statements see what the first committed (READ COMMITTED takes a new snapshot per statement): a rebuild
//! after a worker batch reads the batch's 15-minute rows, and a worker batch after a rebuild sees the new
//! `day_zone` and adds to the new day rows. A zone change itself only bumps the cache version; it never has
//! to touch the rollups.

use super::{on_pool, on_tx, packed, Db};
use crate::server::calendar::Timezone;
use std::collections::BTreeMap;

/// Rows per multi-row INSERT of a rebuild: 500 × 12 parameters, far below every driver's limit.
const ROWS_PER_STATEMENT: usize = 500;

/// The `model` of a day's total over all models. Each day has this row beside its per-model rows, so the
/// series the usage chart asks for most (all models) reads one row per day instead of adding up every model's
/// at each read. No real model has this name: ingestion refuses an empty one.
pub const ALL_MODELS: &str = "";

/// The zone the user's day rollups are built for, if any.
pub async fn built_zone(db: &Db, user_id: &str) -> Result<Option<String>, sqlx::Error> {
    let zone: Option<Option<String>> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT day_zone FROM user_stats WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)?;
    Ok(zone.flatten())
}

/// The local date of `at_ms` as the day rollups key it.
pub fn day_key(zone: &Timezone, at_ms: i64) -> String {
    zone.local_date(at_ms).format("%Y-%m-%d").to_string()
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct TokenDayRow {
    pub day: String,
    pub model: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub events: i64,
}

#[derive(Debug, Clone, Default, sqlx::FromRow, serde::Deserialize)]
pub struct CallDayRow {
    pub day: String,
    pub calls: i64,
    pub completed: i64,
    pub failed: i64,
    pub missed: i64,
    pub duration_seconds: i64,
    pub rating_1: i64,
    pub rating_2: i64,
    pub rating_3: i64,
    pub rating_4: i64,
    pub rating_5: i64,
}

impl CallDayRow {
    fn add(&mut self, other: &CallDayRow) {
        self.calls += other.calls;
        self.completed += other.completed;
        self.failed += other.failed;
        self.missed += other.missed;
        self.duration_seconds += other.duration_seconds;
        self.rating_1 += other.rating_1;
        self.rating_2 += other.rating_2;
        self.rating_3 += other.rating_3;
        self.rating_4 += other.rating_4;
        self.rating_5 += other.rating_5;
    }
}

#[derive(sqlx::FromRow)]
struct TokenQuarter {
    bucket_start: i64,
    model: String,
    prompt_tokens: i64,
    completion_tokens: i64,
    events: i64,
}

#[derive(sqlx::FromRow)]
struct CallQuarter {
    bucket_start: i64,
    #[sqlx(flatten)]
    sums: CallDayRow,
}

/// Rebuilds the user's day rollups for `zone` from their 15-minute rollups, in one transaction that first
/// takes the user's `user_stats` row (see the module notes). Costs one pass over the user's 15-minute rows:
/// about 35,000 per model and year of steady use.
pub async fn rebuild(db: &Db, user_id: &str, zone: &Timezone, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => {
        sqlx::query(
            "INSERT INTO user_stats (user_id, day_zone, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id) DO UPDATE SET day_zone = excluded.day_zone",
        )
        .bind(user_id)
        .bind(zone.name())
        .bind(now)
        .execute(&mut *conn)
        .await?;

        let quarters: Vec<TokenQuarter> = sqlx::query_as(
            "SELECT bucket_start, model, prompt_tokens, completion_tokens, events FROM token_rollups WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut tokens: BTreeMap<(String, String), TokenDayRow> = BTreeMap::new();
        for q in quarters {
            let day = day_key(zone, q.bucket_start);
            let row = tokens.entry((day.clone(), q.model.clone())).or_insert_with(|| TokenDayRow {
                day,
                model: q.model,
                ..Default::default()
            });
            row.prompt_tokens += q.prompt_tokens;
            row.completion_tokens += q.completion_tokens;
            row.events += q.events;
        }
        let mut totals: BTreeMap<(String, String), TokenDayRow> = BTreeMap::new();
        for row in tokens.values() {
            let total = totals
                .entry((row.day.clone(), ALL_MODELS.to_owned()))
                .or_insert_with(|| TokenDayRow { day: row.day.clone(), ..Default::default() });
            total.prompt_tokens += row.prompt_tokens;
            total.completion_tokens += row.completion_tokens;
            total.events += row.events;
        }
        tokens.extend(totals);

        let quarters: Vec<CallQuarter> = sqlx::query_as(
            "SELECT bucket_start, '' AS day, calls, completed, failed, missed, duration_seconds,
                    rating_1, rating_2, rating_3, rating_4, rating_5
             FROM call_rollups WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut calls: BTreeMap<String, CallDayRow> = BTreeMap::new();
        for q in quarters {
            let day = day_key(zone, q.bucket_start);
            calls
                .entry(day.clone())
                .or_insert_with(|| CallDayRow { day, ..Default::default() })
                .add(&q.sums);
        }

        for table in ["token_day_rollups", "call_day_rollups"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .execute(&mut *conn)
                .await?;
        }
        let tokens: Vec<TokenDayRow> = tokens.into_values().collect();
        for chunk in tokens.chunks(ROWS_PER_STATEMENT) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO token_day_rollups (user_id, day, model, prompt_tokens, completion_tokens, events) ",
            );
            query.push_values(chunk, |mut row, t| {
                row.push_bind(user_id)
                    .push_bind(t.day.as_str())
                    .push_bind(t.model.as_str())
                    .push_bind(t.prompt_tokens)
                    .push_bind(t.completion_tokens)
                    .push_bind(t.events);
            });
            query.build().execute(&mut *conn).await?;
        }
        let calls: Vec<CallDayRow> = calls.into_values().collect();
        for chunk in calls.chunks(ROWS_PER_STATEMENT) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO call_day_rollups (user_id, day, calls, completed, failed, missed, duration_seconds,
                                               rating_1, rating_2, rating_3, rating_4, rating_5) ",
            );
            query.push_values(chunk, |mut row, c| {
                row.push_bind(user_id)
                    .push_bind(c.day.as_str())
                    .push_bind(c.calls)
                    .push_bind(c.completed)
                    .push_bind(c.failed)
                    .push_bind(c.missed)
                    .push_bind(c.duration_seconds)
                    .push_bind(c.rating_1)
                    .push_bind(c.rating_2)
                    .push_bind(c.rating_3)
                    .push_bind(c.rating_4)
                    .push_bind(c.rating_5);
            });
            query.build().execute(&mut *conn).await?;
        }
    });
    tx.commit().await
}

/// One local day of one model's (or all models') token sums, as a series reads it.
#[derive(Debug, serde::Deserialize)]
pub struct TokenDay {
    pub day: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub events: i64,
}

/// `SELECT <columns> <rest>`, packed into one JSON row (see `db::packed`) and read back into `T`s; `rest`
/// takes the user, the first and the last day as $1–$3, and `model` as $4 when given.
///
/// Why packed: the rows are read one at a time by sqlx otherwise, and that cost made a year by day (365 rows)
/// take twice as long as a sparse one (~100 rows) although both return 365 points.
async fn fetch_packed<T: serde::de::DeserializeOwned>(
    db: &Db,
    columns: &str,
    rest: &str,
    (user_id, from, to): (&str, &str, &str),
    model: Option<&str>,
) -> Result<Vec<T>, sqlx::Error> {
    let sql = packed::sql(matches!(db, Db::Postgres(_)), columns, rest);
    let json: String = on_pool!(db, pool => {
        let query = sqlx::query_scalar(&sql).bind(user_id).bind(from).bind(to);
        match model {
            Some(m) => query.bind(m),
            None => query,
        }
        .fetch_one(pool)
        .await
    })?;
    packed::unpack(&json)
}

/// Token sums per local day in `[from, to]` (YYYY-MM-DD), of one model or all: one range of the primary key, a
/// row per day with use, in no particular order.
pub async fn token_days(
    db: &Db,
    user_id: &str,
    from: &str,
    to: &str,
    model: Option<&str>,
) -> Result<Vec<TokenDay>, sqlx::Error> {
    fetch_packed(
        db,
        "day, prompt_tokens, completion_tokens, events",
        "FROM token_day_rollups WHERE user_id = $1 AND day >= $2 AND day <= $3 AND model = $4",
        (user_id, from, to),
        Some(model.unwrap_or(ALL_MODELS)),
    )
    .await
}

/// Token sums per model over the local days `[from, to]`, the largest first.
pub async fn model_totals(
    db: &Db,
    user_id: &str,
    from: &str,
    to: &str,
) -> Result<Vec<TokenDayRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT '' AS day, model, CAST(SUM(prompt_tokens) AS BIGINT) AS prompt_tokens,
                CAST(SUM(completion_tokens) AS BIGINT) AS completion_tokens, CAST(SUM(events) AS BIGINT) AS events
         FROM token_day_rollups WHERE user_id = $1 AND day >= $2 AND day <= $3 AND model <> $4
         GROUP BY model ORDER BY SUM(prompt_tokens) + SUM(completion_tokens) DESC, model",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .bind(ALL_MODELS)
    .fetch_all(pool)
    .await)
}

/// Call sums per local day in `[from, to]`, in no particular order (read packed, as `token_days` is).
pub async fn call_days(
    db: &Db,
    user_id: &str,
    from: &str,
    to: &str,
) -> Result<Vec<CallDayRow>, sqlx::Error> {
    fetch_packed(
        db,
        "day, calls, completed, failed, missed, duration_seconds, rating_1, rating_2, rating_3, rating_4, rating_5",
        "FROM call_day_rollups WHERE user_id = $1 AND day >= $2 AND day <= $3",
        (user_id, from, to),
        None,
    )
    .await
}
