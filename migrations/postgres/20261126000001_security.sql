-- Account security: two-factor sign-in, the sign-in challenges between its two steps, the user's security
-- history, and the throttling counters every node shares. Same SQL on PostgreSQL (BIGINT epoch-ms, TEXT ids).

-- One row per user who has started enrolling; `confirmed_at` set once a code proved the authenticator works.
CREATE TABLE two_factor (
    user_id        TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret         TEXT NOT NULL,                -- base32 TOTP secret (needed in clear to compute codes)
    confirmed_at   BIGINT,
    last_used_step BIGINT,                       -- the last accepted 30 s step: a code works once
    created_at     BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,                    -- SHA-256 of the normalised code
    used_at    BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);

-- The password step of a 2FA sign-in succeeded; the code step must follow within minutes, once.
CREATE TABLE login_challenges (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE security_events (
    id         TEXT PRIMARY KEY,                 -- UUIDv7: sorts by time
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    ip         TEXT,
    user_agent TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX security_events_by_user ON security_events (user_id, created_at DESC, id DESC);

-- Fixed-window counters. `key` is a hash of action + scope (account, IP), so no address is stored here.
CREATE TABLE throttle (
    key          TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX throttle_by_expiry ON throttle (expires_at);
