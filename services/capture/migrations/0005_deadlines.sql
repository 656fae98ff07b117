-- Each candidacy's capture window: it opens when its accounts are delivered (15 days,
-- 000 §3.2) or when it substitutes another (5 days, 000 §3.14); reminders sent so far.
ALTER TABLE candidacies
    ADD COLUMN window_opened_at timestamptz,
    ADD COLUMN deadline_at timestamptz,
    ADD COLUMN reminders_sent text[] NOT NULL DEFAULT '{}';

CREATE TABLE deliveries (
    election_id   text NOT NULL,
    scope_kind    text NOT NULL,
    scope_id      text NOT NULL,
    delivered_at  timestamptz NOT NULL,
    PRIMARY KEY (election_id, scope_kind, scope_id)
);
