-- Recognises the same statement arriving by another route without a common
-- Message-ID (an inline forward): sender, title and attachments (or text).
ALTER TABLE statements ADD COLUMN fingerprint TEXT;
CREATE INDEX statements_fingerprint ON statements (fingerprint);
-- Who forwarded it to us, when it came forwarded (JSON array of addresses).
ALTER TABLE statements ADD COLUMN forwarded_by TEXT NOT NULL DEFAULT '[]';
