-- Candidacies as the registry file says them: one formula (owner and alternate) each,
-- keyed by the registry's own key. `content_hash` makes a re-import of the same file a
-- no-op.
CREATE TABLE candidacies (
    candidacy_id     text PRIMARY KEY,
    election_id      text NOT NULL REFERENCES elections,
    formula          jsonb NOT NULL,
    content_hash     bytea NOT NULL,
    status           text NOT NULL,
    capturing_party  text,
    replaces         text,
    registered_at    timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    withdrawn_at     timestamptz
);
CREATE INDEX candidacies_by_election ON candidacies (election_id, capturing_party);

-- Files on their way in, a chunk per bus message; removed once used.
CREATE TABLE uploads (
    upload_id    uuid        NOT NULL,
    idx          integer     NOT NULL,
    total        integer     NOT NULL,
    data         bytea       NOT NULL,
    uploaded_by  text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (upload_id, idx)
);
