-- Photos and consent documents, by content hash (DESIGN §8: binaries live in the owning
-- service's database, keyed by SHA-256, with size limits).
CREATE TABLE files (
    sha256      text PRIMARY KEY,
    media_type  text NOT NULL,
    content     bytea NOT NULL,
    size        integer NOT NULL,
    stored_at   timestamptz NOT NULL
);

-- Each acceptance of a privacy notice: which version, by whom, when.
CREATE TABLE privacy_acceptances (
    candidacy_id  text NOT NULL REFERENCES candidacies,
    version       text NOT NULL,
    account_id    text NOT NULL,
    accepted_at   timestamptz NOT NULL,
    PRIMARY KEY (candidacy_id, version, account_id)
);
