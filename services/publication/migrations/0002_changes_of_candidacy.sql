-- A candidacy's latest change (what INE last received of it), found without a scan.
CREATE INDEX changes_of_candidacy ON changes (candidacy_id, sequence);
