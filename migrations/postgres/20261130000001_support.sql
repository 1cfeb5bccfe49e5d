-- Support tickets and the first-run onboarding state. Both belong to a user and go with the account
-- (ON DELETE CASCADE), so deleting an account needs no extra step for them.
CREATE TABLE support_tickets (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    number     TEXT NOT NULL UNIQUE,             -- what the user quotes to support, e.g. SUP-7K3Q9XMD
    category   TEXT NOT NULL CHECK (category IN ('account', 'billing', 'calls', 'technical', 'other')),
    subject    TEXT NOT NULL,
    message    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX support_tickets_by_user ON support_tickets (user_id, created_at DESC);

-- Only accounts created through the browser's sign-up get a row: a user without one (created before this
-- existed, through the REST API, or by the demo and bulk seeds) never sees the guided setup.
CREATE TABLE user_onboarding (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    step        TEXT NOT NULL CHECK (step IN ('profile', 'preferences', 'plan', 'notifications')),
    finished_at BIGINT,                          -- set when the last step is done or the setup is dismissed
    dismissed   BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  BIGINT NOT NULL
);
