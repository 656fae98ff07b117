-- The capture-progress reports of the analysis area (004 §48, Lineamientos art. 15 g):
-- each one as it was made — its figures, its CSV and its PDF — never changed. A scheduled
-- cut-off (periodic or final) has one report at most, however many replicas or ticks try
-- to make it; a report on demand may be made as often as asked.
CREATE TABLE progress_reports (
    report_id    text PRIMARY KEY,
    election_id  text NOT NULL REFERENCES elections (election_id),
    kind         text NOT NULL CHECK (kind IN ('periodico', 'final', 'a_peticion')),
    cutoff_at    timestamptz NOT NULL,
    made_at      timestamptz NOT NULL,
    made_by      text,                      -- the account that asked; NULL: the timer
    candidacies  integer NOT NULL,
    validated    integer NOT NULL,
    csv          bytea NOT NULL,
    pdf          bytea NOT NULL
);
CREATE UNIQUE INDEX progress_reports_once ON progress_reports (election_id, cutoff_at)
    WHERE kind <> 'a_peticion';
CREATE INDEX progress_reports_of ON progress_reports (election_id, made_at DESC);

CREATE FUNCTION progress_reports_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'progress_reports keeps each report as it was made';
END $$;
CREATE TRIGGER progress_reports_kept BEFORE UPDATE OR DELETE ON progress_reports
    FOR EACH ROW EXECUTE FUNCTION progress_reports_are_kept();
