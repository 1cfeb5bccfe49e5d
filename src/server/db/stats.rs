//! Counters and rollups, kept exact by an outbox.
//!
//! Every ingested item writes a `stats_events` row in its own transaction. The stats worker takes a batch of
//! events, folds them into `user_stats` and the 15-minute rollups, and deletes them — all in one transaction —
//! so a crash at any point either applies a batch wholly or leaves it to be applied again: nothing is lost or
//! counted twice. Several nodes may run the worker on PostgreSQL: `FOR UPDATE SKIP LOCKED` gives each its own
//! events (SQLite has one writer, so it needs no such clause).

use super::{
    day_rollups::{day_key, ALL_MODELS},
    on_pool, on_tx, Db, Tx,
};
use crate::server::calendar::Timezone;
use std::collections::{BTreeMap, BTreeSet};

/// Rollup bucket width: every UTC offset in use is a multiple of 15 minutes.
pub const BUCKET_MS: i64 = 15 * 60 * 1000;

pub fn bucket_of(at_ms: i64) -> i64 {
    at_ms.div_euclid(BUCKET_MS) * BUCKET_MS
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct StatsEvent {
    pub id: i64,
    pub user_id: String,
    pub kind: String,
    pub occurred_at: i64,
    pub status: Option<String>,
    pub duration_seconds: Option<i64>,
    pub rating: Option<i32>,
    pub agent_id: Option<String>,
    pub model: Option<String>,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
}

pub async fn insert_event(tx: &mut Tx, e: &StatsEvent, now: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO stats_events (user_id, kind, occurred_at, status, duration_seconds, rating, agent_id, model,
                                   prompt_tokens, completion_tokens, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&e.user_id)
    .bind(&e.kind)
    .bind(e.occurred_at)
    .bind(&e.status)
    .bind(e.duration_seconds)
    .bind(e.rating)
    .bind(&e.agent_id)
    .bind(&e.model)
    .bind(e.prompt_tokens)
    .bind(e.completion_tokens)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Default)]
struct Totals {
    calls: i64,
    successful: i64,
    chats: i64,
    images: i64,
    tokens: i64,
}

#[derive(Default, Clone)]
struct CallBucket {
    calls: i64,
    completed: i64,
    failed: i64,
    missed: i64,
    duration: i64,
    ratings: [i64; 5],
}

impl CallBucket {
    fn add(&mut self, o: &CallBucket) {
        self.calls += o.calls;
        self.completed += o.completed;
        self.failed += o.failed;
        self.missed += o.missed;
        self.duration += o.duration;
        for (r, n) in self.ratings.iter_mut().zip(o.ratings) {
            *r += n;
        }
    }
}

#[derive(Default, Clone)]
struct TokenBucket {
    prompt: i64,
    completion: i64,
    events: i64,
}

impl TokenBucket {
    fn add(&mut self, o: &TokenBucket) {
        self.prompt += o.prompt;
        self.completion += o.completion;
        self.events += o.events;
    }
}

/// Folds up to `limit` pending events into the counters. Returns how many were applied (0: none pending).
pub async fn apply_batch(db: &Db, limit: i64, now: i64) -> Result<usize, sqlx::Error> {
    let select = match db {
        Db::Sqlite(_) => "SELECT id, user_id, kind, occurred_at, status, duration_seconds, rating, agent_id, model,
                                 prompt_tokens, completion_tokens FROM stats_events ORDER BY id LIMIT $1",
        Db::Postgres(_) => "SELECT id, user_id, kind, occurred_at, status, duration_seconds, rating, agent_id, model,
                                   prompt_tokens, completion_tokens FROM stats_events ORDER BY id LIMIT $1
                            FOR UPDATE SKIP LOCKED",
    };
    let mut tx = db.begin().await?;
    let events: Vec<StatsEvent> =
        on_tx!(&mut tx, conn => sqlx::query_as(select).bind(limit).fetch_all(&mut *conn).await?);
    if events.is_empty() {
        return Ok(0);
    }

    let mut totals: BTreeMap<&str, Totals> = BTreeMap::new();
    let mut calls: BTreeMap<(&str, i64), CallBucket> = BTreeMap::new();
    let mut tokens: BTreeMap<(&str, i64, &str), TokenBucket> = BTreeMap::new();
    let mut agents: BTreeSet<(&str, i64, &str)> = BTreeSet::new();
    for e in &events {
        let total = totals.entry(e.user_id.as_str()).or_default();
        let bucket = bucket_of(e.occurred_at);
        match e.kind.as_str() {
            "call" => {
                let status = e.status.as_deref().unwrap_or_default();
                total.calls += 1;
                total.successful += i64::from(status == "completed");
                let b = calls.entry((e.user_id.as_str(), bucket)).or_default();
                b.calls += 1;
                match status {
                    "completed" => b.completed += 1,
                    "failed" => b.failed += 1,
                    _ => b.missed += 1,
                }
                b.duration += e.duration_seconds.unwrap_or(0);
                if let Some(r @ 1..=5) = e.rating {
                    b.ratings[(r - 1) as usize] += 1;
                }
                if let Some(agent) = &e.agent_id {
                    agents.insert((e.user_id.as_str(), bucket, agent.as_str()));
                }
            }
            "chat" => total.chats += 1,
            "image" => total.images += 1,
            "tokens" => {
                let (p, c) = (
                    e.prompt_tokens.unwrap_or(0),
                    e.completion_tokens.unwrap_or(0),
                );
                total.tokens += p + c;
                let model = e.model.as_deref().unwrap_or("unknown");
                let b = tokens
                    .entry((e.user_id.as_str(), bucket, model))
                    .or_default();
                b.prompt += p;
                b.completion += c;
                b.events += 1;
            }
            _ => {}
        }
    }

    on_tx!(&mut tx, conn => {
        for (user_id, t) in &totals {
            sqlx::query(
                "INSERT INTO user_stats (user_id, total_calls, successful_calls, total_chats, total_images, total_tokens, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (user_id) DO UPDATE SET
                    total_calls = user_stats.total_calls + excluded.total_calls,
                    successful_calls = user_stats.successful_calls + excluded.successful_calls,
                    total_chats = user_stats.total_chats + excluded.total_chats,
                    total_images = user_stats.total_images + excluded.total_images,
                    total_tokens = user_stats.total_tokens + excluded.total_tokens,
                    updated_at = excluded.updated_at",
            )
            .bind(*user_id).bind(t.calls).bind(t.successful).bind(t.chats).bind(t.images).bind(t.tokens).bind(now)
            .execute(&mut *conn)
            .await?;
        }
        // The day rollups of the users whose day rows are built for their current zone (see db::day_rollups),
        // read only now that the upserts above hold those users' rows. A 15-minute bucket never straddles a
        // local midnight, so each bucket adds whole to one local day.
        let mut day_calls: BTreeMap<(&str, String), CallBucket> = BTreeMap::new();
        let mut day_tokens: BTreeMap<(&str, String, &str), TokenBucket> = BTreeMap::new();
        for user_id in totals.keys() {
            let zones: Option<(Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT s.day_zone, us.timezone FROM user_stats s
                 LEFT JOIN user_settings us ON us.user_id = s.user_id WHERE s.user_id = $1",
            )
            .bind(*user_id)
            .fetch_optional(&mut *conn)
            .await?;
            let Some((Some(built), current)) = zones else { continue };
            let zone = Timezone::or_utc(current.as_deref().unwrap_or("UTC"));
            if built != zone.name() {
                // The user moved to another zone since the rows were built: this batch does not reach them, so
                // they are forgotten rather than left to look current should the user move back.
                sqlx::query("UPDATE user_stats SET day_zone = NULL WHERE user_id = $1")
                    .bind(*user_id)
                    .execute(&mut *conn)
                    .await?;
                continue;
            }
            for ((_, bucket), b) in calls.range((*user_id, i64::MIN)..=(*user_id, i64::MAX)) {
                day_calls.entry((*user_id, day_key(&zone, *bucket))).or_default().add(b);
            }
            for ((_, bucket, model), b) in tokens.range((*user_id, i64::MIN, "")..).take_while(|((u, _, _), _)| u == user_id) {
                let day = day_key(&zone, *bucket);
                day_tokens.entry((*user_id, day.clone(), *model)).or_default().add(b);
                day_tokens.entry((*user_id, day, ALL_MODELS)).or_default().add(b);
            }
        }
        for ((user_id, bucket), b) in &calls {
            sqlx::query(
                "INSERT INTO call_rollups (user_id, bucket_start, calls, completed, failed, missed, duration_seconds,
                                           rating_1, rating_2, rating_3, rating_4, rating_5)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (user_id, bucket_start) DO UPDATE SET
                    calls = call_rollups.calls + excluded.calls,
                    completed = call_rollups.completed + excluded.completed,
                    failed = call_rollups.failed + excluded.failed,
                    missed = call_rollups.missed + excluded.missed,
                    duration_seconds = call_rollups.duration_seconds + excluded.duration_seconds,
                    rating_1 = call_rollups.rating_1 + excluded.rating_1,
                    rating_2 = call_rollups.rating_2 + excluded.rating_2,
                    rating_3 = call_rollups.rating_3 + excluded.rating_3,
                    rating_4 = call_rollups.rating_4 + excluded.rating_4,
                    rating_5 = call_rollups.rating_5 + excluded.rating_5",
            )
            .bind(*user_id).bind(*bucket).bind(b.calls).bind(b.completed).bind(b.failed).bind(b.missed).bind(b.duration)
            .bind(b.ratings[0]).bind(b.ratings[1]).bind(b.ratings[2]).bind(b.ratings[3]).bind(b.ratings[4])
            .execute(&mut *conn)
            .await?;
        }
        for ((user_id, bucket, model), b) in &tokens {
            sqlx::query(
                "INSERT INTO token_rollups (user_id, bucket_start, model, prompt_tokens, completion_tokens, events)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (user_id, bucket_start, model) DO UPDATE SET
                    prompt_tokens = token_rollups.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = token_rollups.completion_tokens + excluded.completion_tokens,
                    events = token_rollups.events + excluded.events",
            )
            .bind(*user_id).bind(*bucket).bind(*model).bind(b.prompt).bind(b.completion).bind(b.events)
            .execute(&mut *conn)
            .await?;
        }
        for ((user_id, day), b) in &day_calls {
            sqlx::query(
                "INSERT INTO call_day_rollups (user_id, day, calls, completed, failed, missed, duration_seconds,
                                               rating_1, rating_2, rating_3, rating_4, rating_5)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (user_id, day) DO UPDATE SET
                    calls = call_day_rollups.calls + excluded.calls,
                    completed = call_day_rollups.completed + excluded.completed,
                    failed = call_day_rollups.failed + excluded.failed,
                    missed = call_day_rollups.missed + excluded.missed,
                    duration_seconds = call_day_rollups.duration_seconds + excluded.duration_seconds,
                    rating_1 = call_day_rollups.rating_1 + excluded.rating_1,
                    rating_2 = call_day_rollups.rating_2 + excluded.rating_2,
                    rating_3 = call_day_rollups.rating_3 + excluded.rating_3,
                    rating_4 = call_day_rollups.rating_4 + excluded.rating_4,
                    rating_5 = call_day_rollups.rating_5 + excluded.rating_5",
            )
            .bind(*user_id).bind(day).bind(b.calls).bind(b.completed).bind(b.failed).bind(b.missed).bind(b.duration)
            .bind(b.ratings[0]).bind(b.ratings[1]).bind(b.ratings[2]).bind(b.ratings[3]).bind(b.ratings[4])
            .execute(&mut *conn)
            .await?;
        }
        for ((user_id, day, model), b) in &day_tokens {
            sqlx::query(
                "INSERT INTO token_day_rollups (user_id, day, model, prompt_tokens, completion_tokens, events)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (user_id, day, model) DO UPDATE SET
                    prompt_tokens = token_day_rollups.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = token_day_rollups.completion_tokens + excluded.completion_tokens,
                    events = token_day_rollups.events + excluded.events",
            )
            .bind(*user_id).bind(day).bind(*model).bind(b.prompt).bind(b.completion).bind(b.events)
            .execute(&mut *conn)
            .await?;
        }
        for (user_id, bucket, agent) in &agents {
            sqlx::query(
                "INSERT INTO agent_usage (user_id, bucket_start, agent_id) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id, bucket_start, agent_id) DO NOTHING",
            )
            .bind(*user_id).bind(*bucket).bind(*agent)
            .execute(&mut *conn)
            .await?;
        }
        // The counters these users see changed: invalidate their cached dashboards (see services::cache).
        for user_id in totals.keys() {
            sqlx::query("UPDATE users SET data_version = data_version + 1 WHERE id = $1")
                .bind(*user_id)
                .execute(&mut *conn)
                .await?;
        }
        // The ids come from the database as integers, so formatting them into the statement is safe.
        let ids: Vec<String> = events.iter().map(|e| e.id.to_string()).collect();
        sqlx::query(&format!("DELETE FROM stats_events WHERE id IN ({})", ids.join(",")))
            .execute(&mut *conn)
            .await?;
    });
    tx.commit().await?;
    Ok(events.len())
}

pub async fn pending(db: &Db) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM stats_events").fetch_one(pool).await)
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct UserStatsRow {
    pub total_calls: i64,
    pub successful_calls: i64,
    pub total_chats: i64,
    pub total_images: i64,
    pub total_tokens: i64,
}

/// The user's counters: one primary-key read, whatever their history's size.
pub async fn user_stats(db: &Db, user_id: &str) -> Result<UserStatsRow, sqlx::Error> {
    let row = on_pool!(db, pool => sqlx::query_as(
        "SELECT total_calls, successful_calls, total_chats, total_images, total_tokens FROM user_stats WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.unwrap_or_default())
}

/// How many chat sessions the user has (for checks of the counters against the rows).
pub async fn chat_rows(db: &Db, user_id: &str) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM chat_sessions WHERE user_id = $1").bind(user_id).fetch_one(pool).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_fifteen_minutes_and_floor_negative_times() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(BUCKET_MS - 1), 0);
        assert_eq!(bucket_of(BUCKET_MS), BUCKET_MS);
        assert_eq!(bucket_of(-1), -BUCKET_MS);
    }
}
