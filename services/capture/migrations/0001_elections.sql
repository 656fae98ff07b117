-- Elections as the admin configured them, with the profile they run under, as loaded
-- at the time (a later edit of the profile file does not change a running election).
CREATE TABLE elections (
    election_id text PRIMARY KEY,
    config      jsonb NOT NULL,
    profile     jsonb NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text
);
