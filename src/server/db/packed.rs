//! Rows packed into one JSON row: for reads of many small rows, where the per-row cost of the driver is most
//! of the cost.
//!
//! Why: sqlx hands SQLite rows from the connection's thread to the async side one at a time, through a
//! channel, copying each value with its own allocation. Under load that cost about 4 µs a row: a year of daily
//! token sums (365 rows) took twice as long as a sparse one (~100 rows), and the data export spent more time
//! waking threads than compressing. One row of text costs one hand-over, and serde reads it back into
//! structs in field order, as it reads any JSON array. Integers stay exact: SQLite and PostgreSQL write
//! BIGINTs as JSON integers, and serde reads them into i64. (Booleans would not survive: SQLite writes them
//! as 0 and 1. No packed read has one.)

use serde::de::DeserializeOwned;

/// `SELECT <the rows as one JSON array of arrays> FROM (SELECT <columns> <rest>)`. The array's order is the
/// order the aggregate met the rows in, which neither database promises to be the subquery's ORDER BY: a
/// reader that needs an order sorts what it gets (cheap, as it is near sorted anyway). Ids break ties in
/// those orders; they are UUIDs (or ASCII test ids), which compare the same bytewise in Rust as in either
/// database's collation.
pub fn sql(postgres: bool, columns: &str, rest: &str) -> String {
    if postgres {
        format!(
            "SELECT COALESCE(json_agg(r), '[]')::text FROM (SELECT json_build_array({columns}) AS r {rest}) AS page"
        )
    } else {
        // Each r is already the text of a JSON array, so the rows are joined as text. json_group_array would
        // need json(r) (a JSON value loses its subtype through a subquery and would be quoted as a string),
        // which parses every row a second time: a third of the page's time in a check with 2,000-row pages.
        format!(
            "SELECT '[' || COALESCE(group_concat(r, ','), '') || ']' FROM (SELECT json_array({columns}) AS r {rest}) AS page"
        )
    }
}

/// The rows of what `sql` selected.
pub fn unpack<T: DeserializeOwned>(json: &str) -> Result<Vec<T>, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
