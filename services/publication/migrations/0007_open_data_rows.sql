-- Open data made as profiles are written (issue 15 item 4): each public profile's finished
-- lines of the release's tables (adapters/data_package.py ``profile_pieces``), written by
-- materialising in the transaction that writes its profile, so a release joins them
-- instead of making 100,000 profiles' rows again. ``sequence`` is the profile's change they
-- were made from and ``names`` what they were made with (the election's names and the
-- tables' columns, domain/open_data.py ``ElectionNames.digest``): a release uses a row only
-- where both still match, and makes the others from the profile's document, then keeps
-- them here (the backfill of profiles written before this table: their first release).
CREATE TABLE open_data_rows (
    candidacy_id text PRIMARY KEY,
    election_id text NOT NULL,
    sequence bigint NOT NULL,
    names text NOT NULL,
    candidaturas_csv bytea NOT NULL,   -- its CSV lines, each ending in CRLF, neutralised
    candidaturas_json bytea NOT NULL,  -- its JSON rows as the file indents them, no brackets
    curricular_csv bytea NOT NULL,
    curricular_json bytea NOT NULL,
    identidad_csv bytea NOT NULL,      -- empty: no public identity answer, no row
    identidad_json bytea NOT NULL
);
CREATE INDEX open_data_rows_of_election ON open_data_rows (election_id);
-- lz4, not pglz, where the server has it: a profile's rows are compressed as publication
-- writes them and inflated as a release reads 100,000 of them; pglz took five times as
-- long to write them here. A server built without lz4 keeps its default.
DO $$
BEGIN
    ALTER TABLE open_data_rows
        ALTER COLUMN candidaturas_csv SET COMPRESSION lz4,
        ALTER COLUMN candidaturas_json SET COMPRESSION lz4,
        ALTER COLUMN curricular_csv SET COMPRESSION lz4,
        ALTER COLUMN curricular_json SET COMPRESSION lz4,
        ALTER COLUMN identidad_csv SET COMPRESSION lz4,
        ALTER COLUMN identidad_json SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;

-- A compressed file of a release is kept as the part of its zip that is its entry (the
-- same deflated pieces, one after the other): ``archive`` names the zip, ``archive_at``
-- is where the pieces start in it, and ``content`` is empty. A release then writes its
-- pieces once, not twice. NULL: kept in its own content (releases written before).
ALTER TABLE release_files ADD COLUMN archive text, ADD COLUMN archive_at bigint;
