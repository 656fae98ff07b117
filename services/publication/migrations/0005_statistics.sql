-- Statistics (issue 15): what each election's public statistics were last compiled
-- from, so that the timer compiles them again only when their inputs changed (or every
-- few minutes for what it cannot see change, capture's identity counts), and puts them
-- in the public bucket only when the figures changed.

CREATE TABLE statistics (
    election_id text PRIMARY KEY,
    inputs text NOT NULL,                -- what the inputs looked like (statistics_sources.inputs)
    digest text NOT NULL,                -- SHA-256 of the figures, moments left out
    sequence bigint NOT NULL,            -- of the document in the bucket (PublicStatistics)
    compiled_at timestamptz NOT NULL,    -- the last compilation, whatever it found
    changed_at timestamptz NOT NULL      -- when the figures last changed (compiled_at of the document)
);
