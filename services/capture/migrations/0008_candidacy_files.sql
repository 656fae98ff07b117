-- Which candidacy each stored file was uploaded for, and as what (its photo or its consent
-- document). A draft may name only a photo uploaded for that same candidacy, and a file is
-- read only with scope over a candidacy it belongs to, or as a validated candidacy's photo:
-- a SHA-256 alone opens nothing.
CREATE TABLE candidacy_files (
    sha256        text        NOT NULL REFERENCES files,
    candidacy_id  text        NOT NULL REFERENCES candidacies,
    kind          text        NOT NULL CHECK (kind IN ('photo', 'consent')),
    attached_at   timestamptz NOT NULL,
    PRIMARY KEY (sha256, candidacy_id, kind)
);

-- The files already attached belong to the candidacies that show them.
INSERT INTO candidacy_files (sha256, candidacy_id, kind, attached_at)
SELECT f.sha256, a.candidacy_id, 'photo', a.updated_at
FROM curricular_answers a JOIN files f ON f.sha256 = a.answers ->> 'fotografia'
ON CONFLICT DO NOTHING;
INSERT INTO candidacy_files (sha256, candidacy_id, kind, attached_at)
SELECT f.sha256, k.candidacy_id, 'consent', coalesce(k.uploaded_at, now())
FROM consents k JOIN files f ON f.sha256 = k.document_sha256
ON CONFLICT DO NOTHING;
