-- The supervisor's requests that the institute correct a submitted candidacy (000 §4.3):
-- the fields it names and why, and the institute's decision — applied (the institute
-- changed them) or declined, with its reason. A candidacy with a request still
-- undecided is not validated.
CREATE TABLE corrections (
    correction_id  text PRIMARY KEY,
    candidacy_id   text NOT NULL REFERENCES candidacies (candidacy_id),
    fields         text[] NOT NULL,
    note           text NOT NULL,
    requested_by   text NOT NULL,
    requested_at   timestamptz NOT NULL,
    decided_by     text,
    decided_at     timestamptz,
    outcome        text CHECK (outcome IN ('applied', 'declined')),
    reason         text,
    CHECK ((outcome IS NULL) = (decided_at IS NULL))
);
CREATE INDEX corrections_pending ON corrections (candidacy_id) WHERE decided_at IS NULL;
