-- The institute's extensions of capture windows, with their reason: the candidacy's
-- deadline_at moves, and this table keeps every extension ever given.
CREATE TABLE window_extensions (
    candidacy_id  text NOT NULL REFERENCES candidacies (candidacy_id),
    deadline_at   timestamptz NOT NULL,
    reason        text NOT NULL,
    extended_by   text NOT NULL,
    extended_at   timestamptz NOT NULL,
    PRIMARY KEY (candidacy_id, extended_at)
);
