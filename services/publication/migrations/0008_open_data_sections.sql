-- Open data kept as sections shared by releases (adapters/data_package.py ``Section``): a
-- release after one change writes the changed group's sections, not the whole zip again
-- (PostgreSQL writes about 45 MB/s here: 5 s for a national election's zip).
--
-- ``ref`` names a section: '<file>:<group key>:<n>' for the n-th section of a group of
-- profiles in a file, which the next release reuses while the group's key is the same;
-- '=<sha256>' for the bytes of a file's own parts (a header, the brackets) and the zip's
-- (its entries' headers, its directory).
CREATE TABLE release_sections (
    election_id text NOT NULL,
    ref text NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (election_id, ref)
);
-- deflated already, and read in full
ALTER TABLE release_sections ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- A file of a release written since is its sections in order: piece_refs[i] is section i,
-- piece_ends[i] where its bytes end and piece_raw_ends[i] where it ends in the file
-- itself; pieces_deflated says whether each section's bytes are deflated (a CSV or JSON
-- file) or the file's bytes as they are (the zip). content is then empty. NULL refs: a
-- release written before, kept in content as migrations 0006 and 0007 describe.
ALTER TABLE release_files
    ADD COLUMN piece_raw_ends bigint[],
    ADD COLUMN piece_refs text[],
    ADD COLUMN pieces_deflated boolean;
