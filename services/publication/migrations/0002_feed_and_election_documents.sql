-- A candidacy's latest change (what INE last received of it), found without a scan.
CREATE INDEX changes_of_candidacy ON changes (candidacy_id, sequence);

-- Grows by one with each change of an election's public document (eleccion.<id> in the
-- public bucket): configured again, or its publication started.
ALTER TABLE elections ADD COLUMN document_sequence bigint NOT NULL DEFAULT 0;
