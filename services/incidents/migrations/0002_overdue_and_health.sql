-- An incident past its due day without a resolution is flagged once (its notice goes to
-- the admin and support): overdue_noticed_at says when.
ALTER TABLE incidents ADD COLUMN overdue_noticed_at timestamptz;
CREATE INDEX incidents_unresolved_due ON incidents (due_at)
    WHERE resolved_at IS NULL AND overdue_noticed_at IS NULL;

-- Since when each service fails its health check (no row: it answered healthy last). A
-- service opens an incident only after failing for a while: one starting up, or a
-- check lost once, is no incident.
CREATE TABLE service_checks (
    service text PRIMARY KEY,
    failing_since timestamptz NOT NULL
);
