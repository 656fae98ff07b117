-- Change requests to a published candidacy (000 §5.4, 001 §31-32, 002 §II.C, 003 §30,
-- 004 §31): one per candidacy ("por única ocasión"), the curricular fields it names with
-- their new text, who filed it and when it is due, the admin's decision, and how capture
-- finished it (applied, or the enabled fields closed unused).
CREATE TABLE change_requests (
    request_id text PRIMARY KEY,
    election_id text NOT NULL,
    candidacy_id text NOT NULL UNIQUE,     -- once per candidacy
    capturing_party text,                  -- NULL: an independent candidacy
    mode text NOT NULL,                    -- ChangeRequestMode, as the profile said at filing
    changes jsonb NOT NULL,                -- {field: new text}: public curricular fields only
    note text NOT NULL,
    filed_by text NOT NULL,
    filed_role text NOT NULL,
    filed_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL,           -- the end of the next business day
    status text NOT NULL,                  -- ChangeRequestStatus
    decided_by text,
    decided_at timestamptz,
    reason text,                           -- why it was rejected, or not applied
    approved_changes jsonb,                -- {field: text} the institute applies
    window_closes_at timestamptz,
    done_at timestamptz
);
CREATE INDEX change_requests_by_election ON change_requests (election_id, filed_at);
