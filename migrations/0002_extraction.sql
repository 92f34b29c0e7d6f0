-- What extraction recognised beyond the contract fields.
ALTER TABLE statements ADD COLUMN format TEXT;
ALTER TABLE statements ADD COLUMN from_organisation TEXT;
ALTER TABLE statements ADD COLUMN to_organisation TEXT;
-- [{group, purpose}]: the purpose stated per addressee (ITU-T "For action to", ...).
ALTER TABLE statements ADD COLUMN addressees TEXT NOT NULL DEFAULT '[]';
-- What it answers, as written (an LS reference, a Tdoc number), before any linking.
ALTER TABLE statements ADD COLUMN response_to TEXT;
