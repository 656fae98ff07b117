-- Where each candidacy's questionnaires stand: draft → submitted (one chance, 000 §3.16)
-- → validated by its party's supervisor (or the independent); a supervisor may instead
-- ask the institute to correct (000 §4.3).
ALTER TABLE candidacies
    ADD COLUMN capture_status text NOT NULL DEFAULT 'draft',
    ADD COLUMN submitted_at timestamptz,
    ADD COLUMN submitted_by text,
    ADD COLUMN validated_at timestamptz,
    ADD COLUMN validated_by text,
    ADD COLUMN correction_requested_at timestamptz;

-- The candidate's consent to publish identity answers (000 §3.9): the signed document,
-- and what the institute said of it.
CREATE TABLE consents (
    candidacy_id     text PRIMARY KEY REFERENCES candidacies,
    document_sha256  text,
    uploaded_at      timestamptz,
    verified_at      timestamptz,
    rejected_at      timestamptz,
    revoked_at       timestamptz
);
