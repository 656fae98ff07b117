-- The screenshots of a report (up to five; domain/screenshots.py), each re-encoded from
-- its pixels and kept by its SHA-256.
CREATE TABLE incident_screenshots (
    incident_id text NOT NULL REFERENCES incidents,
    sha256 text NOT NULL,
    media_type text NOT NULL,
    content bytea NOT NULL,
    added_by text NOT NULL,
    added_at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, sha256)
);
-- a PNG or a JPEG: compressed already
ALTER TABLE incident_screenshots ALTER COLUMN content SET STORAGE EXTERNAL;
