-- A series reads one model (or the all-models total, model '') over a range of days. Keyed (user, day, model),
-- that range interleaved every model's rows and was read four times over; keyed (user, model, day) it is one
-- contiguous run of the key (measured on SQLite, a year by day of a busy user: 0.53 ms -> 0.26 ms).
-- SQLite stores them WITHOUT ROWID: the primary key is the table, so a range of it is read in place instead of
-- looking each row up again by rowid.
-- The rows are derived data: they are dropped here and rebuilt from the 15-minute rollups on each user's next
-- read (a NULL day_zone asks for that, see db::day_rollups).
DROP TABLE token_day_rollups;
DROP TABLE call_day_rollups;

CREATE TABLE token_day_rollups (
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    model             TEXT NOT NULL,
    day               TEXT NOT NULL,             -- the local date, YYYY-MM-DD
    prompt_tokens     BIGINT NOT NULL DEFAULT 0,
    completion_tokens BIGINT NOT NULL DEFAULT 0,
    events            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, model, day)
) WITHOUT ROWID;

CREATE TABLE call_day_rollups (
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day              TEXT NOT NULL,
    calls            BIGINT NOT NULL DEFAULT 0,
    completed        BIGINT NOT NULL DEFAULT 0,
    failed           BIGINT NOT NULL DEFAULT 0,
    missed           BIGINT NOT NULL DEFAULT 0,
    duration_seconds BIGINT NOT NULL DEFAULT 0,
    rating_1         BIGINT NOT NULL DEFAULT 0,
    rating_2         BIGINT NOT NULL DEFAULT 0,
    rating_3         BIGINT NOT NULL DEFAULT 0,
    rating_4         BIGINT NOT NULL DEFAULT 0,
    rating_5         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

UPDATE user_stats SET day_zone = NULL;
