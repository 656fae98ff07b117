CREATE TABLE effects (
    event_id     uuid        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    handled_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
