-- A statement is indexed for search once, with its attachments' text, by the
-- store when it files the statement (store::statements::insert_statement),
-- not indexed empty by a trigger and then indexed again as each attachment
-- is added: FTS5 writes every change to a row as a delete and an insert.
DROP TRIGGER statements_fts_insert;
DROP TRIGGER IF EXISTS attachments_fts_insert;
