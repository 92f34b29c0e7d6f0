-- The statement's own document number, as other bodies quote it when they
-- answer: a 3GPP Tdoc (S3-231234), an ITU-T LS number (COM15-LS123).
ALTER TABLE statements ADD COLUMN doc_number TEXT;
CREATE INDEX statements_doc_number ON statements (doc_number);
