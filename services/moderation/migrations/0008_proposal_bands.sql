-- Near-duplicate lookups by B-tree, not GIN (measured in bench/RESULTS.md, Screening):
-- with 300,000 proposals the planner's guess for `bands && <42 keys>` on the GIN index
-- was tens of thousands of rows, and it scanned the whole table instead: half a second
-- per submission, growing with the election. Each band key is now a row of its own,
-- whose equality lookups the planner estimates from real statistics: a few rows, read
-- from the index, whatever the election's size.
ALTER TABLE proposal_prints ADD COLUMN print_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE;

CREATE TABLE proposal_bands (
    print_id bigint NOT NULL REFERENCES proposal_prints (print_id) ON DELETE CASCADE,
    band_key bigint NOT NULL  -- one LSH band's key, the election hashed in
);
INSERT INTO proposal_bands (print_id, band_key)
    SELECT DISTINCT print_id, unnest(bands) FROM proposal_prints;
CREATE INDEX proposal_bands_by_key ON proposal_bands (band_key) INCLUDE (print_id);
CREATE INDEX proposal_bands_of_print ON proposal_bands (print_id);  -- the cascade's

DROP INDEX proposal_prints_by_band;
ALTER TABLE proposal_prints DROP COLUMN bands;
