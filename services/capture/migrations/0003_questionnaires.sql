-- The two questionnaires, in two stores (001 §5): curricular answers in clear (they are
-- public once validated), identity answers sealed with the candidacy's own data key
-- (AES-GCM), itself wrapped by the master key from settings. Destroying a data key
-- suppresses that candidacy's identity answers for good.

CREATE TABLE curricular_answers (
    candidacy_id  text PRIMARY KEY REFERENCES candidacies,
    answers       jsonb NOT NULL,
    completeness  jsonb NOT NULL,
    updated_at    timestamptz NOT NULL,
    updated_by    text NOT NULL
);

CREATE TABLE data_keys (
    candidacy_id  text PRIMARY KEY REFERENCES candidacies,
    wrapped_key   bytea,
    created_at    timestamptz NOT NULL,
    destroyed_at  timestamptz
);

CREATE TABLE identity_answers (
    candidacy_id  text PRIMARY KEY REFERENCES candidacies,
    sealed        bytea NOT NULL,
    completeness  jsonb NOT NULL,      -- percentages per section only: nothing sensitive
    updated_at    timestamptz NOT NULL,
    updated_by    text NOT NULL
);

-- When each save happened and who made it (000 §2.1.I), with the fields it touched.
CREATE TABLE saves (
    candidacy_id   text NOT NULL REFERENCES candidacies,
    questionnaire  text NOT NULL,
    saved_at       timestamptz NOT NULL,
    saved_by       text NOT NULL,
    fields         text[] NOT NULL
);
CREATE INDEX saves_by_candidacy ON saves (candidacy_id, saved_at DESC);
