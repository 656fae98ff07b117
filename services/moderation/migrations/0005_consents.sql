-- Moderation: the consent documents the institute verifies (000 §3.9) or receives and
-- keeps (002 §II.B.3), its authorisations before publication (002 §II.C), its checks of
-- what is published (000 §5.6, 004 §4.IV) and its completeness notices (000 §5.6).

-- One row per candidacy: its latest document, and the institute's word on it.
CREATE TABLE consents (
    candidacy_id text PRIMARY KEY,
    election_id text NOT NULL,
    document_sha256 text NOT NULL,
    uploaded_at timestamptz NOT NULL,
    kept_by_institute boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'pendiente',   -- ConsentStatus
    reason text,
    decided_by text,
    decided_at timestamptz
);
CREATE INDEX consents_queue ON consents (election_id, status, uploaded_at);

-- The institute's authorisation of a validated candidacy's publication, given once.
CREATE TABLE authorisations (
    candidacy_id text PRIMARY KEY,
    authorised_by text NOT NULL,
    authorised_at timestamptz NOT NULL
);

-- Each check of a published candidacy: what was checked, when and by whom; never changed.
CREATE TABLE published_checks (
    check_id text PRIMARY KEY,
    candidacy_id text NOT NULL,
    note text NOT NULL,
    checked_by text NOT NULL,
    checked_at timestamptz NOT NULL
);
CREATE INDEX published_checks_by_candidacy ON published_checks (candidacy_id, checked_at DESC);

-- Each completeness notice to a party's liaison (or an independent).
CREATE TABLE reminders (
    reminder_id text PRIMARY KEY,
    election_id text NOT NULL,
    capturing_party text,                -- NULL: an independent candidacy
    candidacy_ids text[] NOT NULL,
    note text NOT NULL,
    sent_by text NOT NULL,
    sent_at timestamptz NOT NULL
);
CREATE INDEX reminders_by_election ON reminders (election_id, sent_at DESC);
