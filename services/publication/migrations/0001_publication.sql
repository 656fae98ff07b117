-- Publication: what it hears of elections and candidacies (capture's and moderation's
-- events), and the public read model it materialises from them (DESIGN §6). Nothing
-- here is written by a request: every row comes from an event or a timer.

CREATE TABLE elections (
    election_id text PRIMARY KEY,
    name text NOT NULL,
    institute text,
    time_zone text NOT NULL,
    parties jsonb NOT NULL,              -- [PartyInfo]
    rules jsonb,                         -- InstituteProfile, as configured
    catalogue jsonb NOT NULL,            -- ElectionCatalogue
    started_at timestamptz,              -- when the publication start passed (001 §14)
    updated_at timestamptz NOT NULL
);

-- One row per registered candidacy: what capture progress and visibility need.
CREATE TABLE candidacies (
    candidacy_id text PRIMARY KEY,
    election_id text NOT NULL,
    capturing_party text,                -- NULL: an independent candidacy
    office text NOT NULL,
    registered_at timestamptz NOT NULL,
    submitted_at timestamptz,
    validated_at timestamptz,
    withdrawn_at timestamptz,
    withdrawal_reason text,              -- substituted, cancelled
    projection jsonb,                    -- the latest PublicProjection from capture
    profile_disabled boolean NOT NULL DEFAULT false,
    disabled_fields text[] NOT NULL DEFAULT '{}',
    restrictions_revision integer NOT NULL DEFAULT 0,
    authorised_at timestamptz            -- moderation.publication_authorised (002 §II.C)
);
CREATE INDEX candidacies_of_election ON candidacies (election_id, capturing_party);

-- Photos of validated candidacies, served at their content-addressed URL.
CREATE TABLE photos (
    sha256 text PRIMARY KEY,
    media_type text NOT NULL,
    content bytea NOT NULL,
    received_at timestamptz NOT NULL
);

-- The read model: one row per candidacy ever public; what the public sees of it now.
CREATE TABLE profiles (
    candidacy_id text PRIMARY KEY,
    election_id text NOT NULL,
    state text NOT NULL,                 -- public, withdrawn
    document jsonb,                      -- PublicProfile; NULL once withdrawn
    sequence bigint NOT NULL,            -- the change that wrote it
    published_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    withdrawn_at timestamptz
);
CREATE INDEX profiles_of_election ON profiles (election_id, state);

-- Every change of what the public sees, in one gap-free order: INE's feed (desde=N).
-- A sequence number is taken under the table's lock at the change's commit order, so
-- the feed never shows a later number before an earlier one commits.
CREATE TABLE changes (
    sequence bigint PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    election_id text NOT NULL,
    candidacy_id text NOT NULL,
    kind text NOT NULL,                  -- published, updated, withdrawn
    data jsonb NOT NULL,                 -- ProfileChanged, signed
    changed_at timestamptz NOT NULL
);
