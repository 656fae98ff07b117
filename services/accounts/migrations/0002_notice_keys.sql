-- A notice sent twice with the same key (a timer repeating a tick) reaches the inbox once.
ALTER TABLE notices ADD COLUMN key text;
CREATE UNIQUE INDEX notices_once ON notices (account_id, key) WHERE key IS NOT NULL;
