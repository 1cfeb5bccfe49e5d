-- Accounts and sessions. Timestamps are epoch milliseconds (BIGINT) and ids UUID text, identical in the
-- PostgreSQL schema, so every query is the same on both.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,          -- normalised: trimmed, lower-case
    password_hash TEXT NOT NULL,                 -- argon2id PHC string
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('api', 'browser')),
    secret_hash  TEXT,                           -- browser sessions: SHA-256 of the cookie secret
    user_agent   TEXT,
    ip           TEXT,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id, created_at DESC);

CREATE TABLE refresh_tokens (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,             -- SHA-256 of the token; the token itself is never stored
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT                            -- set on rotation; presenting a used token revokes the session
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);
