-- no-transaction
-- Big immutable bytes leave the rows that change (issue 13): raw messages go
-- to the raw messages' file beside the database (liaisond moves them there
-- from raw_import at start), attachments are read from their archived
-- message (or from `blobs`), outbox bodies are in `blobs`. Then the indexes
-- every per-message query needs. The three tables are rebuilt as SQLite
-- prescribes (ALTER TABLE, section 7), as 0006 did; the outbox keeps the index 0008 gave it.
PRAGMA foreign_keys = OFF;
BEGIN;

-- Raw bytes on their way to the raw messages' file; emptied at start.
CREATE TABLE raw_import (
    sha256 TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
);
INSERT OR IGNORE INTO raw_import (sha256, bytes) SELECT sha256, raw FROM raw_messages;

-- Outbox bodies on their way to `blobs` (their SHA-256 is computed at start).
CREATE TABLE outbox_import (
    outbox_id INTEGER PRIMARY KEY,
    bytes     BLOB NOT NULL
);
INSERT INTO outbox_import (outbox_id, bytes) SELECT id, raw FROM outbox;

-- Immutable bytes other than raw messages, by SHA-256: outbox bodies, and
-- attachments that are not a part of their archived message.
CREATE TABLE blobs (
    id     INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    bytes  BLOB NOT NULL
);
INSERT OR IGNORE INTO blobs (sha256, bytes) SELECT sha256, content FROM attachments;

CREATE TABLE raw_messages_new (
    id            INTEGER PRIMARY KEY,
    mailbox       TEXT NOT NULL,
    source_key    TEXT NOT NULL,          -- imap:UIDVALIDITY:UID, maildir:NAME or file:SHA256
    uidvalidity   INTEGER,
    uid           INTEGER,
    message_id    TEXT,
    sha256        TEXT NOT NULL,          -- names the bytes in the raw messages' file
    size          INTEGER NOT NULL,
    received_at   TEXT NOT NULL,
    kind          TEXT,                   -- classification, set when processed
    processed_at  TEXT,
    process_error TEXT,                   -- why the last attempt at processing failed
    attempts      INTEGER NOT NULL DEFAULT 0,
    retry_at      TEXT,                   -- when processing is tried again
    UNIQUE (mailbox, source_key)
);
INSERT INTO raw_messages_new (id, mailbox, source_key, uidvalidity, uid, message_id, sha256, size,
    received_at, kind, processed_at, process_error)
SELECT id, mailbox, source_key, uidvalidity, uid, message_id, sha256, size,
    received_at, kind, processed_at, process_error
FROM raw_messages;
DROP TABLE raw_messages;
ALTER TABLE raw_messages_new RENAME TO raw_messages;
CREATE INDEX raw_messages_unprocessed ON raw_messages (id) WHERE processed_at IS NULL;

CREATE TABLE attachments_new (
    id             INTEGER PRIMARY KEY,
    statement_id   INTEGER NOT NULL REFERENCES statements (id),
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    text           TEXT,                  -- extracted text, when there is one
    -- A part of the archived message: its bytes are raw[span_start..span_end]
    -- decoded with `encoding`. Otherwise they are in `blobs` by sha256.
    raw_message_id INTEGER REFERENCES raw_messages (id),
    span_start     INTEGER,
    span_end       INTEGER,
    encoding       TEXT,
    UNIQUE (statement_id, position)
);
INSERT INTO attachments_new (id, statement_id, position, name, media_type, size, sha256, text)
SELECT id, statement_id, position, name, media_type, size, sha256, text FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
-- (Its search trigger is not made again: see 0010.)

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    purpose         TEXT NOT NULL,
    statement_id    INTEGER REFERENCES statements (id),
    raw_message_id  INTEGER REFERENCES raw_messages (id),
    message_id      TEXT NOT NULL UNIQUE,
    envelope_from   TEXT,                  -- NULL: the null reverse-path <>
    recipients      TEXT NOT NULL,         -- JSON array
    body            TEXT NOT NULL DEFAULT '', -- SHA-256 of the stored mail in `blobs`
    splices         TEXT NOT NULL DEFAULT '[]', -- attachments cut out of it, put back when sent
    state           TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    -- 0: liaisond stopped after handing the whole mail to the server, before
    -- its answer; the mail is taken as sent, not sent again.
    confirmed       INTEGER NOT NULL DEFAULT 1
);
INSERT INTO outbox_new (id, dedupe_key, purpose, statement_id, raw_message_id, message_id, envelope_from,
    recipients, state, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT id, dedupe_key, purpose, statement_id, raw_message_id, message_id, envelope_from,
    recipients, state, attempts, next_attempt_at, last_error, created_at, sent_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_statement ON outbox (statement_id);
CREATE INDEX outbox_state_created ON outbox (state, created_at); -- 0008's, for the metrics

-- Who liaisond mailed, by purpose and time: the per-address caps count
-- these rows, up to the cap, instead of scanning every outbox body's
-- recipients.
CREATE TABLE mail_to (
    recipient TEXT NOT NULL,               -- lower-case
    purpose   TEXT NOT NULL,
    at        TEXT NOT NULL,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id)
);
CREATE INDEX mail_to_recipient ON mail_to (recipient, at);
INSERT INTO mail_to (recipient, purpose, at, outbox_id)
SELECT lower(r.value), o.purpose, o.created_at, o.id FROM outbox o, json_each(o.recipients) r;

-- The rest of the per-message lookups.
CREATE INDEX statements_raw_message ON statements (raw_message_id);
CREATE INDEX statements_direction ON statements (direction, id);
CREATE INDEX statements_state ON statements (state);
CREATE INDEX events_raw_message ON events (raw_message_id) WHERE raw_message_id IS NOT NULL;

COMMIT;
PRAGMA foreign_keys = ON;
