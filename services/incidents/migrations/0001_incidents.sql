-- The bitácora of technical failures (000 §6.2, 001 §36, 003 §34, 004 §36; DESIGN §7).

-- What incidents knows of each election, from election.configured: where the institute
-- is and what the profile says an incident is due by (domain/due_dates.py).
CREATE TABLE elections (
    election_id text PRIMARY KEY,
    time_zone text NOT NULL,
    sla text NOT NULL,                          -- contracts.profile.IncidentSla
    non_working_days date[] NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE SEQUENCE incident_numbers;  -- the folio people say: INC-000123

CREATE TABLE incidents (
    incident_id text PRIMARY KEY,
    number bigint NOT NULL UNIQUE DEFAULT nextval('incident_numbers'),
    source text NOT NULL,                       -- contracts.incidents.IncidentSource
    fingerprint text,                           -- what the system opened it for
    status text NOT NULL,                       -- contracts.incidents.IncidentStatus
    module text NOT NULL,
    anomaly text,                               -- a report's kind of anomaly (003 §34)
    description text NOT NULL,
    happened_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    reporter text,                              -- the account that reported it
    filed_by text,                              -- support, filing a report received by e-mail
    assignee text,
    election_id text,
    due_at timestamptz,                         -- NULL: as soon as possible (003 §34)
    occurrences integer NOT NULL DEFAULT 1,
    last_seen_at timestamptz NOT NULL,
    resolved_at timestamptz
);
-- One open incident per failure the system sees, however often it repeats (a poison
-- message dead-lettered by several consumers, the same server error a thousand times);
-- once resolved, the failure seen again opens a new one.
CREATE UNIQUE INDEX incidents_open_failure ON incidents (fingerprint)
    WHERE fingerprint IS NOT NULL AND resolved_at IS NULL;
CREATE INDEX incidents_received ON incidents (received_at DESC);
CREATE INDEX incidents_of_reporter ON incidents (reporter, received_at DESC);

-- The traces an incident points at: the reporter's last requests, the failing request,
-- or the event a consumer gave up on.
CREATE TABLE incident_traces (
    incident_id text NOT NULL REFERENCES incidents,
    trace_id text NOT NULL,
    what text NOT NULL,                         -- «POST /ruta/{id}», or the event
    status integer,
    failed boolean NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, trace_id)
);

-- What support wrote, and each step of the lifecycle.
CREATE TABLE incident_notes (
    incident_id text NOT NULL REFERENCES incidents,
    seq bigserial,
    at timestamptz NOT NULL,
    author text,                                -- NULL: the system
    text text NOT NULL,
    status_from text,
    status_to text,
    PRIMARY KEY (incident_id, seq)
);
