-- The admin listener (issue 16): readiness writes one row to prove the
-- database takes writes; metrics count statements by state and the unsent
-- outbox at every scrape, from these indexes rather than the tables.
CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    written_at TEXT NOT NULL
);
CREATE INDEX statements_direction_state ON statements (direction, state);
CREATE INDEX statements_needs_review ON statements (received_at) WHERE needs_review = 1;
CREATE INDEX outbox_state_created ON outbox (state, created_at);
