-- Near-duplicate proposals (002 §II.A.1 I): each validated candidacy's proposals as
-- MinHash signatures with their LSH band keys (domain/near_duplicates.py), kept here so
-- that every replica, after a restart too, finds the proposals of the election's other
-- candidacies that may be close to a new one. One row per proposal; a re-validated
-- candidacy replaces its rows, a withdrawn one loses them.
CREATE TABLE proposal_prints (
    candidacy_id text NOT NULL REFERENCES candidacies,
    field text NOT NULL,                 -- propuesta_1, propuesta_2, propuesta_genero_grupo
    election_id text NOT NULL,
    bands bigint[] NOT NULL,             -- one key per LSH band, the election hashed in
    signature bytea NOT NULL,            -- the MinHash values, little-endian uint32
    PRIMARY KEY (candidacy_id, field)
);
-- Candidates are the rows sharing a band key with the new proposal (bands && keys).
-- fastupdate off: every insert goes into the index at once, so that a lookup never
-- scans a pending list that grows between vacuums.
CREATE INDEX proposal_prints_by_band ON proposal_prints USING gin (bands)
    WITH (fastupdate = off);

-- Mentions of other candidacies (002 §II.A.1 V): each owner's name as the pairs of its
-- plain words (lower case, Spanish accents dropped, the ñ kept: as domain/words.py reads
-- a text), so that screening fetches only the owners two of whose words a submission
-- holds close together, instead of every owner of a large election.
CREATE FUNCTION owner_name_pairs(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT one || ' ' || other), '{}')
    FROM unnest(regexp_split_to_array(
             lower(translate(name, 'ÁÉÍÓÚÜÀÈÌÒÙáéíóúüàèìòùÑ', 'AEIOUUAEIOUaeiouuaeiouñ')),
             '[^a-zñ]+')) AS one,
         unnest(regexp_split_to_array(
             lower(translate(name, 'ÁÉÍÓÚÜÀÈÌÒÙáéíóúüàèìòùÑ', 'AEIOUUAEIOUaeiouuaeiouñ')),
             '[^a-zñ]+')) AS other
    WHERE one <> '' AND other <> '' AND one < other
$$;
CREATE INDEX candidacies_owner_pairs ON candidacies USING gin (owner_name_pairs(owner_name));
