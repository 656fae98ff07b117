-- The retention timer deletes processed ids by age (inbox.py). Ids are inserted in time
-- order, so a BRIN index finds the old ones at almost no cost to each insert.
CREATE INDEX inbox_processed_at ON inbox USING brin (processed_at);
