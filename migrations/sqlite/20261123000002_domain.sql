-- The product's data: what the other services produce (calls, chats, images, token usage, notifications),
-- billing, the user's settings, and the counters and rollups that keep dashboard reads cheap.

ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN avatar_key TEXT;               -- blobs.key of the 300x300 avatar
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
ALTER TABLE users ADD COLUMN pending_email TEXT;            -- a new address waiting for verification

-- Binary objects (images, thumbnails, avatars) live in the database so every node can serve them.
-- Keys are content hashes: identical bytes are stored once and URLs can be cached forever.
CREATE TABLE blobs (
    key          TEXT PRIMARY KEY,                       -- sha256, base64url
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE plans (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    price_minor        BIGINT NOT NULL,                  -- in minor units of currency (cents)
    currency           TEXT NOT NULL DEFAULT 'USD',
    billing_interval   TEXT NOT NULL CHECK (billing_interval IN ('month', 'year')),
    features           TEXT NOT NULL DEFAULT '[]',       -- JSON array of strings
    quota_calls        BIGINT,                           -- NULL: unlimited
    quota_call_minutes BIGINT,
    quota_agents       BIGINT,
    quota_tokens       BIGINT,
    sort_order         INTEGER NOT NULL DEFAULT 0,
    active             BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE subscriptions (
    id                   TEXT PRIMARY KEY,
    user_id              TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    plan_id              TEXT NOT NULL REFERENCES plans(id),
    status               TEXT NOT NULL CHECK (status IN ('active', 'trialing', 'past_due', 'canceled')),
    current_period_start BIGINT NOT NULL,
    current_period_end   BIGINT NOT NULL,
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
    pending_plan_id      TEXT REFERENCES plans(id),      -- a downgrade that applies at period end
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);

CREATE TABLE invoices (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    number       TEXT NOT NULL UNIQUE,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    period_start BIGINT NOT NULL,
    period_end   BIGINT NOT NULL,
    line_items   TEXT NOT NULL DEFAULT '[]',             -- JSON array of {description, amount_minor}
    issued_at    BIGINT NOT NULL
);
CREATE INDEX invoices_by_user ON invoices (user_id, issued_at DESC);

CREATE TABLE payment_methods (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    brand      TEXT NOT NULL,
    last4      TEXT NOT NULL CHECK (length(last4) = 4),  -- never a full card number
    exp_month  INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year   INTEGER NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX payment_methods_by_user ON payment_methods (user_id, created_at DESC);

CREATE TABLE agents (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE calls (
    id                  TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    phone_number        TEXT NOT NULL,
    direction           TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    status              TEXT NOT NULL CHECK (status IN ('completed', 'failed', 'missed')),
    started_at          BIGINT NOT NULL,
    duration_seconds    BIGINT NOT NULL DEFAULT 0,
    agent_id            TEXT REFERENCES agents(id) ON DELETE SET NULL,
    satisfaction_rating INTEGER CHECK (satisfaction_rating BETWEEN 1 AND 5),
    recording_url       TEXT,
    summary             TEXT,
    created_at          BIGINT NOT NULL
);
-- Newest first per user (the history and its keyset cursor), and the same per status.
CREATE INDEX calls_by_user ON calls (user_id, started_at DESC, id DESC);
CREATE INDEX calls_by_user_status ON calls (user_id, status, started_at DESC, id DESC);

CREATE TABLE chat_sessions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    model      TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX chat_sessions_by_user ON chat_sessions (user_id, created_at DESC, id DESC);

CREATE TABLE images (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    prompt        TEXT NOT NULL,
    model         TEXT,
    image_key     TEXT NOT NULL REFERENCES blobs(key),
    thumbnail_key TEXT REFERENCES blobs(key),
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX images_by_user ON images (user_id, created_at DESC, id DESC);

CREATE TABLE token_usage (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    model             TEXT NOT NULL,
    prompt_tokens     BIGINT NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens BIGINT NOT NULL CHECK (completion_tokens >= 0),
    occurred_at       BIGINT NOT NULL
);
CREATE INDEX token_usage_by_user ON token_usage (user_id, occurred_at DESC);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    urgent     BOOLEAN NOT NULL DEFAULT FALSE,
    read_at    BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

-- The settings of /api/dashboard/user/settings/ and /preferences/: one column a key, so two PATCHes of
-- different keys never overwrite each other.
CREATE TABLE user_settings (
    user_id                TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email_notifications    BOOLEAN NOT NULL DEFAULT TRUE,
    sms_notifications      BOOLEAN NOT NULL DEFAULT FALSE,
    marketing_emails       BOOLEAN NOT NULL DEFAULT FALSE,
    profile_visibility     TEXT NOT NULL DEFAULT 'private' CHECK (profile_visibility IN ('public', 'private')),
    call_recording_consent BOOLEAN NOT NULL DEFAULT FALSE,
    auto_record_calls      BOOLEAN NOT NULL DEFAULT FALSE,
    ai_assistance_enabled  BOOLEAN NOT NULL DEFAULT TRUE,
    call_quality           TEXT NOT NULL DEFAULT 'standard' CHECK (call_quality IN ('low', 'standard', 'high')),
    theme                  TEXT NOT NULL DEFAULT 'auto' CHECK (theme IN ('light', 'dark', 'auto')),
    language               TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ur', 'ar')),
    timezone               TEXT NOT NULL DEFAULT 'UTC',
    dashboard_layout       TEXT NOT NULL DEFAULT 'default' CHECK (dashboard_layout IN ('default', 'compact', 'detailed')),
    dashboard_widgets      TEXT NOT NULL DEFAULT '["call_statistics","subscription_status","recent_calls","usage","recent_activity","notifications"]',
    updated_at             BIGINT NOT NULL
);

-- Counters: O(1) dashboard reads. Written only by the stats worker from stats_events.
CREATE TABLE user_stats (
    user_id          TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    total_calls      BIGINT NOT NULL DEFAULT 0,
    successful_calls BIGINT NOT NULL DEFAULT 0,
    total_chats      BIGINT NOT NULL DEFAULT 0,
    total_images     BIGINT NOT NULL DEFAULT 0,
    total_tokens     BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);

-- 15-minute UTC buckets: every time zone's offset is a multiple of 15 minutes, so a day, week or month in any
-- zone (Asia/Kolkata +5:30, Asia/Kathmandu +5:45, across DST) is an exact sum of whole buckets.
CREATE TABLE call_rollups (
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bucket_start     BIGINT NOT NULL,
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
    PRIMARY KEY (user_id, bucket_start)
);

CREATE TABLE token_rollups (
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    model             TEXT NOT NULL,
    bucket_start      BIGINT NOT NULL,
    prompt_tokens     BIGINT NOT NULL DEFAULT 0,
    completion_tokens BIGINT NOT NULL DEFAULT 0,
    events            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, bucket_start, model)
);

-- Agents used per user and 15-minute bucket, so "agents used this period" is a COUNT(DISTINCT) over a range.
CREATE TABLE agent_usage (
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bucket_start BIGINT NOT NULL,
    agent_id     TEXT NOT NULL,
    PRIMARY KEY (user_id, bucket_start, agent_id)
);

-- The outbox: written in the same transaction as the item it counts, consumed (and deleted) by the stats
-- worker in the same transaction as the counters it updates. No increment is lost or doubled by a crash.
CREATE TABLE stats_events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('call', 'chat', 'image', 'tokens')),
    occurred_at       BIGINT NOT NULL,
    status            TEXT,
    duration_seconds  BIGINT,
    rating            INTEGER,
    agent_id          TEXT,
    model             TEXT,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    created_at        BIGINT NOT NULL
);

-- Service API keys for the ingestion API (stored as SHA-256; shown once at creation).
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

-- Responses of ingestion requests sent with an Idempotency-Key, replayed when the same key comes again.
CREATE TABLE idempotency_keys (
    api_key_id      TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    endpoint        TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
