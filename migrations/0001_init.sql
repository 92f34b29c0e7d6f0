-- The whole store. Timestamps are RFC 3339 UTC text; lists are JSON arrays.

-- Where each IMAP mailbox stands: a changed UIDVALIDITY resets the pointer.
CREATE TABLE mailbox_state (
    mailbox      TEXT PRIMARY KEY,
    uidvalidity  INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL DEFAULT 0,
    last_sync_at TEXT
);

-- Every message exactly as it arrived, kept before anything else happens.
CREATE TABLE raw_messages (
    id            INTEGER PRIMARY KEY,
    mailbox       TEXT NOT NULL,
    source_key    TEXT NOT NULL,          -- imap:UIDVALIDITY:UID, maildir:NAME or file:SHA256
    uidvalidity   INTEGER,
    uid           INTEGER,
    message_id    TEXT,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    raw           BLOB NOT NULL,
    received_at   TEXT NOT NULL,
    kind          TEXT,                   -- classification, set when processed
    processed_at  TEXT,
    process_error TEXT,
    UNIQUE (mailbox, source_key)
);
CREATE INDEX raw_messages_unprocessed ON raw_messages (id) WHERE processed_at IS NULL;
CREATE INDEX raw_messages_message_id ON raw_messages (message_id);

-- Per-year counters behind public references such as LS-2026-0001.
CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- Statements in both directions, with every draft-iab-rfc4053bis field.
CREATE TABLE statements (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    direction       TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    state           TEXT NOT NULL,
    raw_message_id  INTEGER REFERENCES raw_messages (id),
    message_id      TEXT,                 -- of the statement mail (incoming) or the relayed mail (outgoing)
    from_groups     TEXT NOT NULL DEFAULT '[]',
    from_contacts   TEXT NOT NULL DEFAULT '[]',
    reply_to        TEXT,                 -- From-Liaison-Contact, "Send Reply To"
    to_groups       TEXT NOT NULL DEFAULT '[]',
    to_contacts     TEXT NOT NULL DEFAULT '[]',
    send_to         TEXT,                 -- To-Liaison-Contact, "Send To"
    purpose         TEXT CHECK (purpose IN ('for_information', 'for_action', 'in_response', 'for_comment')),
    purpose_label   TEXT,                 -- as the sender wrote it
    deadline        TEXT,                 -- YYYY-MM-DD
    title           TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    consensus       TEXT,                 -- outgoing: level of consensus claimed
    submitter       TEXT,                 -- outgoing: who submitted it
    in_response_to  INTEGER REFERENCES statements (id),
    sent_date       TEXT,                 -- the Date the sender gave it
    needs_review    INTEGER NOT NULL DEFAULT 0,
    review_reasons  TEXT NOT NULL DEFAULT '[]',
    provenance      TEXT NOT NULL DEFAULT '{}',
    received_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX statements_message_id ON statements (message_id);
CREATE INDEX statements_received_at ON statements (received_at);

-- Attachments in their original bytes, whatever their text became.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    text         TEXT,                    -- extracted text, when there is one
    UNIQUE (statement_id, position)
);

-- Append-only history: what happened, when, caused by which message or actor.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    statement_id   INTEGER REFERENCES statements (id),
    raw_message_id INTEGER REFERENCES raw_messages (id),
    actor          TEXT,
    detail         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_statement ON events (statement_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Mail to send. dedupe_key makes "send this once" a constraint, not a hope.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,  -- e.g. ack:STATEMENT_ID
    purpose         TEXT NOT NULL,         -- ack, distribute, approval_request, relay, reminder, notice
    statement_id    INTEGER REFERENCES statements (id),
    raw_message_id  INTEGER REFERENCES raw_messages (id),
    message_id      TEXT NOT NULL UNIQUE,
    envelope_from   TEXT,                  -- NULL: the null reverse-path <>
    recipients      TEXT NOT NULL,         -- JSON array
    raw             BLOB NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'queued';

-- Later workflows. Approvals of outgoing statements: one token per approver,
-- stored only as a hash, single use, expiring.
CREATE TABLE approval_requests (
    id           INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    approver     TEXT NOT NULL,
    role         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    decision     TEXT CHECK (decision IN ('approve', 'reject')),
    UNIQUE (statement_id, approver)
);

-- Reminders planned for a deadline; sent_at set once, so a restart repeats none.
CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    kind         TEXT NOT NULL,            -- e.g. before-14d, before-7d, overdue
    due_at       TEXT NOT NULL,
    sent_at      TEXT,
    UNIQUE (statement_id, kind)
);

-- Links between statements (a response and what it answers), with how they were found.
CREATE TABLE statement_links (
    response_id  INTEGER NOT NULL REFERENCES statements (id),
    answers_id   INTEGER NOT NULL REFERENCES statements (id),
    method       TEXT NOT NULL,            -- in-reply-to, reference, title
    confirmed    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (response_id, answers_id)
);

-- Who a statement was distributed to (incoming) or sent to (outgoing).
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    grp          TEXT,
    recipient    TEXT NOT NULL,
    outbox_id    INTEGER REFERENCES outbox (id),
    UNIQUE (statement_id, recipient)
);
