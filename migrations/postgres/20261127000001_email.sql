-- Mail and the single-use tokens its links carry.

-- Every message is written here in the transaction of the action that causes it (a rolled-back change sends
-- nothing; a committed one cannot lose its mail), then delivered by a background worker on any node.
-- `next_attempt_at` doubles as the claim: a worker moves it into the future before sending, so a node that
-- dies mid-send only delays the message until the claim lapses.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    user_id         TEXT REFERENCES users(id) ON DELETE CASCADE,   -- mail about an account goes with it
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,                                  -- plain text, links included
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sent', 'dev', 'failed')),   -- dev: kept, SMTP not configured
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_recipient ON outbox (recipient, created_at DESC);
CREATE INDEX outbox_by_user ON outbox (user_id);

-- Links sent by mail: only the SHA-256 of the token is stored, so a database leak yields no usable link.
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    email      TEXT NOT NULL,          -- the address the link was sent to (and, to verify, the one it proves)
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX email_tokens_by_user ON email_tokens (user_id, purpose);
