-- Wake the relay from the database itself: one NOTIFY per inserting statement, folded
-- into one per transaction by PostgreSQL and delivered at commit, so writing an event
-- costs one round trip instead of two.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_written AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
