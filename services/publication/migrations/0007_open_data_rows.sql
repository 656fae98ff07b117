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
