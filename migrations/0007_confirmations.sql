-- Proof by possession of the mailbox: a request by mail from a role holder
-- whose mail is not signed waits here until they answer the confirmation
-- liaisond mailed to their address in the directory. The token is stored
-- only as its SHA-256, single use, expiring.
CREATE TABLE confirmations (
    id             INTEGER PRIMARY KEY,
    token_sha256   TEXT NOT NULL UNIQUE,
    person         TEXT NOT NULL,            -- the role holder's address in the directory
    action         TEXT NOT NULL CHECK (action IN ('commands', 'submission')),
    statement_id   INTEGER REFERENCES statements (id),
    raw_message_id INTEGER NOT NULL REFERENCES raw_messages (id), -- the mail asking
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    outcome        TEXT                      -- confirmed, refused
);
CREATE INDEX confirmations_person ON confirmations (person, created_at);

-- Per-sender limits and summaries look events up by actor, kind and time.
CREATE INDEX events_actor ON events (actor, kind, at);
CREATE INDEX events_kind_at ON events (kind, at);
