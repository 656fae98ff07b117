-- Approved change requests to a validated candidacy (000 §5.4, 001 §31-32, 002 §II.C):
-- where the institute enables the named fields, the window they open in — until
-- closes_at — with what those fields held before (to put back if the window closes with
-- nothing validated), when the party last saved in it, and how it ended.
CREATE TABLE change_windows (
    request_id    text PRIMARY KEY,          -- moderation's change request
    candidacy_id  text NOT NULL REFERENCES candidacies (candidacy_id),
    fields        text[] NOT NULL,
    filed_by      text NOT NULL,             -- the account that filed it, which hears of it
    before        jsonb NOT NULL,            -- {field: answer}: public curricular answers
    opened_at     timestamptz NOT NULL,
    closes_at     timestamptz NOT NULL,
    edited_at     timestamptz,
    closed_at     timestamptz,
    outcome       text CHECK (outcome IN ('applied', 'lapsed')),
    CHECK ((outcome IS NULL) = (closed_at IS NULL))
);
CREATE UNIQUE INDEX change_windows_open ON change_windows (candidacy_id) WHERE closed_at IS NULL;
CREATE INDEX change_windows_due ON change_windows (closes_at) WHERE closed_at IS NULL;
