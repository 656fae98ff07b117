-- Open data files kept compressed (adapters/data_package.py): content is the file's pieces
-- of OPEN_DATA_CHUNK_BYTES, each raw-deflated alone (RFC 1951) and one after the other;
-- piece_ends[i] is where piece i ends in content. A part asked for is inflated from its
-- pieces alone. NULL: content is the file as it is (a zip; releases written before).
-- size stays the file's own size, the one its listing and its download show.
ALTER TABLE release_files ADD COLUMN piece_ends bigint[];
