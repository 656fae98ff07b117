-- The client addresses each account has signed in or activated from. The lockout per
-- address (someone guessing user names behind the same NAT) does not hold these back.
CREATE TABLE known_addresses (
    account_id text NOT NULL REFERENCES accounts,
    client_address text NOT NULL,
    last_success_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, client_address)
);
