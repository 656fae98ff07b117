-- Backups (issue 15 item 6, 000 §5.7): every backup the weekly timer or `conoceles
-- respaldo` took, or tried to take. A failed one is kept too (outcome 'failed', its
-- reason in detail), so the admin console shows the week a backup did not happen.

CREATE TABLE backups (
    backup_id text PRIMARY KEY,          -- the archive's name without .tar (its UTC moment)
    taken_at timestamptz NOT NULL,
    file_name text NOT NULL,             -- the archive, in the backup folder
    size bigint,                         -- bytes of the archive; NULL when it failed
    sha256 text,                         -- of the whole archive; NULL when it failed
    schemas text[] NOT NULL,             -- the schemas it holds, one dump each
    outcome text NOT NULL CHECK (outcome IN ('ok', 'failed')),
    detail text NOT NULL DEFAULT '',     -- why it failed (never data: a tool's message)
    pruned boolean NOT NULL DEFAULT false  -- its file was deleted to keep only the newest
);
CREATE INDEX backups_taken_at ON backups (taken_at DESC);
