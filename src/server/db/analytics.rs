//! Reads of the 15-minute rollups and the activity timeline.

use super::{on_pool, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenBucketRow {
    pub bucket_start: i64,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub events: i64,
}

/// Token rollups of `[since, until)`, summed over models (or of one model), in time order.
pub async fn token_buckets(
    db: &Db,
    user_id: &str,
    since: i64,
    until: i64,
    model: Option<&str>,
) -> Result<Vec<TokenBucketRow>, sqlx::Error> {
    let by_model = if model.is_some() {
        " AND model = $4"
    } else {
        ""
    };
    let sql = format!(
        "SELECT bucket_start, CAST(SUM(prompt_tokens) AS BIGINT) AS prompt_tokens,
                CAST(SUM(completion_tokens) AS BIGINT) AS completion_tokens, CAST(SUM(events) AS BIGINT) AS events
         FROM token_rollups WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3{by_model}
         GROUP BY bucket_start ORDER BY bucket_start"
    );
    on_pool!(db, pool => {
        let query = sqlx::query_as(&sql).bind(user_id).bind(since).bind(until);
        let query = match model { Some(m) => query.bind(m), None => query };
        query.fetch_all(pool).await
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModelRow {
    pub model: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
}

pub async fn models(
    db: &Db,
    user_id: &str,
    since: i64,
    until: i64,
) -> Result<Vec<ModelRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT model, CAST(SUM(prompt_tokens) AS BIGINT) AS prompt_tokens, CAST(SUM(completion_tokens) AS BIGINT) AS completion_tokens
         FROM token_rollups WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3
         GROUP BY model ORDER BY SUM(prompt_tokens) + SUM(completion_tokens) DESC, model",
    )
    .bind(user_id)
    .bind(since)
    .bind(until)
    .fetch_all(pool)
    .await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CallBucketRow {
    pub bucket_start: i64,
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

pub async fn call_buckets(
    db: &Db,
    user_id: &str,
    since: i64,
    until: i64,
) -> Result<Vec<CallBucketRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT bucket_start, calls, completed, failed, missed, duration_seconds, rating_1, rating_2, rating_3, rating_4, rating_5
         FROM call_rollups WHERE user_id = $1 AND bucket_start >= $2 AND bucket_start < $3 ORDER BY bucket_start",
    )
    .bind(user_id)
    .bind(since)
    .bind(until)
    .fetch_all(pool)
    .await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TimelineRow {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub detail: String,
    pub at: i64,
}

/// One page of the user's timeline — calls, chats, images, invoices and sign-ins — newest first, strictly
/// after `(at, kind, id)` when given. Each branch reads its own per-user time index, limited before the merge.
pub async fn timeline(
    db: &Db,
    user_id: &str,
    after: Option<(i64, String, String)>,
    limit: i64,
) -> Result<Vec<TimelineRow>, sqlx::Error> {
    let (at, kind, id) = after.unwrap_or((i64::MAX, String::new(), String::new()));
    let branch = |select: &str, table: &str, time: &str, kind: &str| {
        format!(
            "SELECT * FROM (SELECT '{kind}' AS kind, id, {select}, {time} AS at FROM {table}
               WHERE user_id = $1 AND ({time} < $2 OR ({time} = $2 AND ('{kind}' < $3 OR ('{kind}' = $3 AND id < $4))))
               ORDER BY {time} DESC, id DESC LIMIT $5) AS {kind}_page"
        )
    };
    let sql = [
        branch("status || ' call with ' || phone_number AS title, CAST(duration_seconds AS TEXT) AS detail", "calls", "started_at", "call"),
        branch("title, COALESCE(model, '') AS detail", "chat_sessions", "created_at", "chat"),
        branch("prompt AS title, COALESCE(model, '') AS detail", "images", "created_at", "image"),
        branch("'Invoice ' || number AS title, status AS detail", "invoices", "issued_at", "billing"),
        branch("'Signed in' AS title, COALESCE(user_agent, '') AS detail", "sessions", "created_at", "security"),
    ]
    .join(" UNION ALL ")
        + " ORDER BY at DESC, kind DESC, id DESC LIMIT $5";
    on_pool!(db, pool => sqlx::query_as(&sql)
        .bind(user_id)
        .bind(at)
        .bind(&kind)
        .bind(&id)
        .bind(limit)
        .fetch_all(pool)
        .await)
}
