-- The transactional outbox: a service writes its events here in the same transaction
-- as the state change; the relay publishes them and marks them sent.
CREATE TABLE outbox (
    seq          bigserial PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    subject      text        NOT NULL,
    envelope     jsonb       NOT NULL,
    traceparent  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;

-- The inbox: ids of events this service has processed, written in the same
-- transaction as the consumer's effect, so a redelivered event changes nothing.
CREATE TABLE inbox (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
