-- A substitute's accounts are handed over after the party's (000 §3.14, 001 §21, 004 §21):
-- that moment starts its 5-day capture window, so it is recorded once, per candidacy.
ALTER TABLE candidacies ADD COLUMN replaces text;

CREATE TABLE substitute_deliveries (
    candidacy_id text PRIMARY KEY REFERENCES candidacies (candidacy_id),
    election_id  text NOT NULL,
    delivered_at timestamptz NOT NULL,
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL
);
