-- no-transaction
-- A statement's state is one of the states liaisond knows (domain::State):
-- a CHECK constraint, which SQLite only takes in a rebuilt table. The
-- rebuild follows SQLite's own procedure (ALTER TABLE, section 7): foreign
-- keys off, new table, copy, drop, rename, indexes and triggers again,
-- foreign key check, all in one transaction.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE statements_new (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    direction         TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    state             TEXT NOT NULL CHECK (state IN ('received', 'pending_approval', 'approved', 'sent',
                          'rejected', 'withdrawn', 'expired', 'awaiting_response', 'responded', 'closed')),
    raw_message_id    INTEGER REFERENCES raw_messages (id),
    message_id        TEXT,
    from_groups       TEXT NOT NULL DEFAULT '[]',
    from_contacts     TEXT NOT NULL DEFAULT '[]',
    reply_to          TEXT,
    to_groups         TEXT NOT NULL DEFAULT '[]',
    to_contacts       TEXT NOT NULL DEFAULT '[]',
    send_to           TEXT,
    purpose           TEXT CHECK (purpose IN ('for_information', 'for_action', 'in_response', 'for_comment')),
    purpose_label     TEXT,
    deadline          TEXT,
    title             TEXT NOT NULL DEFAULT '',
    body              TEXT NOT NULL DEFAULT '',
    consensus         TEXT,
    submitter         TEXT,
    in_response_to    INTEGER REFERENCES statements (id),
    sent_date         TEXT,
    needs_review      INTEGER NOT NULL DEFAULT 0,
    review_reasons    TEXT NOT NULL DEFAULT '[]',
    provenance        TEXT NOT NULL DEFAULT '{}',
    received_at       TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    format            TEXT,
    from_organisation TEXT,
    to_organisation   TEXT,
    addressees        TEXT NOT NULL DEFAULT '[]',
    response_to       TEXT,
    fingerprint       TEXT,
    forwarded_by      TEXT NOT NULL DEFAULT '[]',
    doc_number        TEXT
);

INSERT INTO statements_new (id, reference, direction, state, raw_message_id, message_id, from_groups,
    from_contacts, reply_to, to_groups, to_contacts, send_to, purpose, purpose_label, deadline, title, body,
    consensus, submitter, in_response_to, sent_date, needs_review, review_reasons, provenance, received_at,
    updated_at, format, from_organisation, to_organisation, addressees, response_to, fingerprint,
    forwarded_by, doc_number)
SELECT id, reference, direction, state, raw_message_id, message_id, from_groups,
    from_contacts, reply_to, to_groups, to_contacts, send_to, purpose, purpose_label, deadline, title, body,
    consensus, submitter, in_response_to, sent_date, needs_review, review_reasons, provenance, received_at,
    updated_at, format, from_organisation, to_organisation, addressees, response_to, fingerprint,
    forwarded_by, doc_number
FROM statements;

DROP TABLE statements;
ALTER TABLE statements_new RENAME TO statements;

CREATE INDEX statements_message_id ON statements (message_id);
CREATE INDEX statements_received_at ON statements (received_at);
CREATE INDEX statements_fingerprint ON statements (fingerprint);
CREATE INDEX statements_doc_number ON statements (doc_number);

CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, title, body, attachments) VALUES (new.id, new.title, new.body, '');
END;
CREATE TRIGGER statements_fts_update AFTER UPDATE OF title, body ON statements BEGIN
    UPDATE statements_fts SET title = new.title, body = new.body WHERE rowid = new.id;
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    DELETE FROM statements_fts WHERE rowid = old.id;
END;

COMMIT;
PRAGMA foreign_keys = ON;
