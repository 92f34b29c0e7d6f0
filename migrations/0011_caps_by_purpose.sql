-- The caps count mail to one address of some purposes in the last 24 hours
-- (Store::mail_to_since): with the purpose in the index the count reads the
-- index alone, however much other mail that address had.
CREATE INDEX mail_to_recipient_purpose ON mail_to (recipient, purpose, at);
DROP INDEX mail_to_recipient;
