-- The activity log: leaves of an RFC 6962 Merkle tree, append-only.
--
-- `leaf` holds the entry's canonical bytes (RFC 8785 JSON, timestamps included); the
-- other columns repeat some of its fields for queries, and `conoceles audit verify`
-- checks them against the leaf. `seq` is the leaf index: gap-free, assigned in commit
-- order by the single sequencer (see store.py).
CREATE TABLE entries (
    seq            bigint      PRIMARY KEY CHECK (seq >= 0),
    entry_id       uuid        NOT NULL UNIQUE,
    leaf           bytea       NOT NULL,
    leaf_hash      bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    occurred_at    timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    account_id     text,
    role           text,
    election_id    text,
    service        text        NOT NULL,
    action         text        NOT NULL,
    target_kind    text,
    target_id      text,
    outcome        text        NOT NULL,
    request_id     text,
    trace_id       text
);
CREATE INDEX entries_by_time ON entries (occurred_at);
CREATE INDEX entries_by_account ON entries (account_id, occurred_at);
CREATE INDEX entries_by_target ON entries (target_kind, target_id, occurred_at);
CREATE INDEX entries_by_action ON entries (service, action, occurred_at);

-- Hashes of the tree's perfect subtrees: (level, index) covers leaves
-- [index·2^level, (index+1)·2^level). Written once, when the subtree is complete; any
-- proof reads O(log n) of them.
CREATE TABLE tree_nodes (
    level   smallint NOT NULL CHECK (level >= 0),
    idx     bigint   NOT NULL CHECK (idx >= 0),
    hash    bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint in a signed note), one per tree size signed.
CREATE TABLE checkpoints (
    size       bigint      PRIMARY KEY CHECK (size > 0),
    root       bytea       NOT NULL CHECK (length(root) = 32),
    note       text        NOT NULL,
    signed_at  timestamptz NOT NULL DEFAULT now()
);

-- Append-only, enforced by the database: no UPDATE or DELETE, whoever asks.
CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the activity log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
CREATE TRIGGER tree_nodes_append_only BEFORE UPDATE OR DELETE ON tree_nodes
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

-- The running service may only add and read: no UPDATE, DELETE or TRUNCATE. Its role is
-- the owner's name without the "_owner" suffix (services/runtime/database.py).
DO $$
DECLARE
    runtime text := left(current_user, length(current_user) - length('_owner'));
BEGIN
    EXECUTE format(
        'REVOKE UPDATE, DELETE, TRUNCATE ON entries, tree_nodes, checkpoints FROM %I', runtime
    );
END
$$;
