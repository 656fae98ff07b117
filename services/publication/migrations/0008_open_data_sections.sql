-- A release's file kept as sections of variable length (adapters/data_package.py
-- ``Section``): piece_raw_ends[i] is where section i ends in the file itself (piece_ends:
-- where it ends deflated), and piece_keys[i] the group of profiles it holds ('' for the
-- file's own parts), which the next release reuses while the key is the same. NULL:
-- sections of OPEN_DATA_CHUNK_BYTES each, none reusable (releases written before).
ALTER TABLE release_files ADD COLUMN piece_raw_ends bigint[], ADD COLUMN piece_keys text[];
