-- Moderation: what it knows of elections and candidacies (mirrored from capture's
-- events), the screening's flags, and the verifiers' decisions (DESIGN §5).

CREATE TABLE elections (
    election_id text PRIMARY KEY,
    name text NOT NULL,
    time_zone text NOT NULL,
    parties jsonb NOT NULL,              -- [PartyInfo]
    rules jsonb,                         -- InstituteProfile, as configured
    catalogue jsonb NOT NULL,            -- ElectionCatalogue
    updated_at timestamptz NOT NULL
);

-- One row per registered candidacy; its validated public projection once it has one.
CREATE TABLE candidacies (
    candidacy_id text PRIMARY KEY,
    election_id text NOT NULL,
    capturing_party text,                -- NULL: an independent candidacy
    owner_name text NOT NULL,
    office text NOT NULL,
    district text,
    municipality text,
    registered_at timestamptz NOT NULL,
    withdrawn_at timestamptz,
    validated_at timestamptz,
    screened_at timestamptz,
    flag_count integer NOT NULL DEFAULT 0,
    flag_kinds text[] NOT NULL DEFAULT '{}',        -- FlagKind, sorted
    review_status text NOT NULL DEFAULT 'pending',  -- pending, reviewed
    restricted boolean NOT NULL DEFAULT false       -- something is kept from publication
);
-- The queue's order, for the narrow rows the queue reads (its text lives apart).
CREATE INDEX candidacies_queue ON candidacies
    (election_id, (review_status = 'reviewed'), flag_count DESC, validated_at, candidacy_id)
    WHERE validated_at IS NOT NULL AND withdrawn_at IS NULL;
-- Counting what the filters leave reads this index alone (an index-only scan), never the
-- rows: everything the queue filters on is in it.
CREATE INDEX candidacies_counted ON candidacies (election_id, capturing_party, office, district)
    INCLUDE (review_status, restricted, flag_kinds)
    WHERE validated_at IS NOT NULL AND withdrawn_at IS NULL;
CREATE INDEX candidacies_by_office ON candidacies (election_id, office);
CREATE INDEX candidacies_by_district ON candidacies (election_id, district);
CREATE INDEX candidacies_by_flag_kind ON candidacies USING gin (flag_kinds);
-- A party does not stand everywhere (coalitions): the planner should know that party,
-- office and district go together, or a filter that matches little walks the whole queue.
CREATE STATISTICS candidacies_places (dependencies, mcv) ON capturing_party, office, district
    FROM candidacies;

-- Each validated candidacy's public projection (public answers only), apart from the
-- queue's rows so that filtering and counting them stays light.
CREATE TABLE projections (
    candidacy_id text PRIMARY KEY REFERENCES candidacies,
    projection jsonb NOT NULL             -- PublicProjection
);

-- The screening's hits: each with the prohibition, the field and the exact span.
CREATE TABLE flags (
    candidacy_id text NOT NULL REFERENCES candidacies,
    position integer NOT NULL,           -- order within the candidacy's screening
    kind text NOT NULL,                  -- FlagKind
    prohibition text NOT NULL,           -- Prohibition
    field text NOT NULL,
    span_start integer NOT NULL,
    span_end integer NOT NULL,
    evidence text NOT NULL,
    detail text NOT NULL,
    other_candidacy_id text,
    PRIMARY KEY (candidacy_id, position)
);
CREATE INDEX flags_by_kind ON flags (kind, candidacy_id);

-- Each verifier's decision, never changed: a reversal is a decision of its own.
CREATE TABLE decisions (
    decision_id text PRIMARY KEY,
    candidacy_id text NOT NULL REFERENCES candidacies,
    field text,                          -- NULL: the whole profile
    disabled boolean NOT NULL,
    prohibition text,
    note text NOT NULL,
    reverses text REFERENCES decisions,
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL
);
CREATE INDEX decisions_by_candidacy ON decisions (candidacy_id, decided_at);

-- What of each candidacy may not be public now, and how many decisions led there.
CREATE TABLE restrictions (
    candidacy_id text PRIMARY KEY REFERENCES candidacies,
    profile_disabled boolean NOT NULL DEFAULT false,
    disabled_fields text[] NOT NULL DEFAULT '{}',
    revision integer NOT NULL DEFAULT 0
);
