-- Full-text search of the public record: one row per statement (rowid = statement id)
-- over its title, body and the extracted text of all its attachments. Triggers keep
-- it in step with the tables, so every writer stays unaware of it.
CREATE VIRTUAL TABLE statements_fts USING fts5 (
    title, body, attachments,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO statements_fts (rowid, title, body, attachments)
SELECT s.id, s.title, s.body,
       (SELECT group_concat(a.text, char(10)) FROM attachments a WHERE a.statement_id = s.id)
FROM statements s;

CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, title, body, attachments) VALUES (new.id, new.title, new.body, '');
END;

-- Corrections by mail change titles; bodies are set once but are indexed alike.
CREATE TRIGGER statements_fts_update AFTER UPDATE OF title, body ON statements BEGIN
    UPDATE statements_fts SET title = new.title, body = new.body WHERE rowid = new.id;
END;

CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    DELETE FROM statements_fts WHERE rowid = old.id;
END;

-- Attachments are filed right after their statement, in the same transaction.
CREATE TRIGGER attachments_fts_insert AFTER INSERT ON attachments BEGIN
    UPDATE statements_fts
    SET attachments = (SELECT group_concat(a.text, char(10)) FROM attachments a WHERE a.statement_id = new.statement_id)
    WHERE rowid = new.statement_id;
END;
