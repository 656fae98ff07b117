-- The formula's alternate has questionnaires of its own (001 §3.III-V): each person of a
-- formula — the owner ('propietaria') or the alternate ('suplente') — has its curricular
-- and identity answers, its record of saves, its photo and its consent. One data key per
-- candidacy still seals both people's identity answers, each bound to its person.

ALTER TABLE curricular_answers
    ADD COLUMN person text NOT NULL DEFAULT 'propietaria'
        CHECK (person IN ('propietaria', 'suplente')),
    DROP CONSTRAINT curricular_answers_pkey,
    ADD PRIMARY KEY (candidacy_id, person);

ALTER TABLE identity_answers
    ADD COLUMN person text NOT NULL DEFAULT 'propietaria'
        CHECK (person IN ('propietaria', 'suplente')),
    DROP CONSTRAINT identity_answers_pkey,
    ADD PRIMARY KEY (candidacy_id, person);

ALTER TABLE consents
    ADD COLUMN person text NOT NULL DEFAULT 'propietaria'
        CHECK (person IN ('propietaria', 'suplente')),
    DROP CONSTRAINT consents_pkey,
    ADD PRIMARY KEY (candidacy_id, person);

ALTER TABLE saves
    ADD COLUMN person text NOT NULL DEFAULT 'propietaria'
        CHECK (person IN ('propietaria', 'suplente'));
DROP INDEX saves_by_candidacy;
CREATE INDEX saves_by_candidacy ON saves (candidacy_id, person, saved_at DESC);

ALTER TABLE candidacy_files
    ADD COLUMN person text NOT NULL DEFAULT 'propietaria'
        CHECK (person IN ('propietaria', 'suplente')),
    DROP CONSTRAINT candidacy_files_pkey,
    ADD PRIMARY KEY (sha256, candidacy_id, person, kind);
