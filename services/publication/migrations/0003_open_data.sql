-- Open data (issue 15 item 4): each election's releases, written by the open-data timer
-- when the public data changed since the last one; the last few are kept. A release is
-- named for its UTC moment (2027-04-01T120000Z) and never changes once written, so its
-- files are served as immutable.

CREATE TABLE releases (
    election_id text NOT NULL,
    release_id text NOT NULL,
    sequence bigint NOT NULL,            -- grows with each release of the election
    created_at timestamptz NOT NULL,
    fingerprint text NOT NULL,           -- what the public data looked like (domain/open_data.py)
    manifest_sha256 text NOT NULL,       -- the digest of its manifest.sha256
    summary jsonb NOT NULL,              -- OpenDataRelease, as put in the public bucket
    PRIMARY KEY (election_id, release_id),
    UNIQUE (election_id, sequence)
);

CREATE TABLE release_files (
    election_id text NOT NULL,
    release_id text NOT NULL,
    name text NOT NULL,
    media_type text NOT NULL,
    sha256 text NOT NULL,
    size bigint NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (election_id, release_id, name),
    FOREIGN KEY (election_id, release_id) REFERENCES releases ON DELETE CASCADE
);
-- Files are read in parts (substring); kept uncompressed by PostgreSQL so that a part
-- is read without the whole value (a zip would not compress further anyway).
ALTER TABLE release_files ALTER COLUMN content SET STORAGE EXTERNAL;
