-- The changes the registration system sent, each applied once (001 §14, 002 §II.C): the
-- same change sent again is answered with its receipt and changes nothing. `receipt` is
-- NULL only inside the transaction that applies the change.
CREATE TABLE registry_changes (
    election_id   text NOT NULL REFERENCES elections,
    change_id     text NOT NULL,
    kind          text NOT NULL,
    content_hash  bytea NOT NULL,
    receipt       jsonb,
    received_by   text NOT NULL,
    received_at   timestamptz NOT NULL,
    PRIMARY KEY (election_id, change_id)
);
