//! The activity timeline: one page of calls, chats, images, invoices and sign-ins, newest first.

use super::{on_pool, Db};

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
