-- Daily rollups in each user's own time zone, so a year of daily, weekly or monthly figures reads one row per
-- local day (and model) instead of the 35,040 fifteen-minute buckets of a year. They are derived from the
-- 15-minute rollups for the zone named in user_stats.day_zone: NULL means not built yet (users from before
-- this table, bulk seeds), and a zone other than the user's current one means out of date. Either way the
-- next read rebuilds them from the 15-minute rollups (see db::day_rollups for how that stays exact while the
-- stats worker keeps adding to them).
ALTER TABLE user_stats ADD COLUMN day_zone TEXT;

CREATE TABLE token_day_rollups (
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day               TEXT NOT NULL,             -- the local date, YYYY-MM-DD
    model             TEXT NOT NULL,
    prompt_tokens     BIGINT NOT NULL DEFAULT 0,
    completion_tokens BIGINT NOT NULL DEFAULT 0,
    events            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day, model)
);

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
);
