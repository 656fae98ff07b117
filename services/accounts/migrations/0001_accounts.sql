-- Accounts: who may sign in, with which role and scope (DESIGN §1).

CREATE TABLE elections (
    election_id text PRIMARY KEY,
    name text NOT NULL,
    time_zone text NOT NULL,
    party_admin_accounts boolean NOT NULL,
    credentials_delivery_days integer,
    parties jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE candidacies (
    candidacy_id text PRIMARY KEY,
    election_id text NOT NULL,
    capturing_party_id text,
    owner_name text NOT NULL,
    office text NOT NULL,
    approved_at timestamptz NOT NULL,
    withdrawn_at timestamptz
);

CREATE TABLE accounts (
    account_id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    role text NOT NULL,
    status text NOT NULL,
    election_id text,
    scope_kind text,
    scope_id text,
    candidacy_id text,
    email text,
    phone text,
    created_by text,
    password_hash text,
    totp_secret bytea,             -- sealed (AES-GCM) with the accounts key
    totp_last_step bigint,         -- a TOTP code is accepted once
    credential_version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    activated_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX accounts_scope ON accounts (election_id, scope_kind, scope_id);
CREATE INDEX accounts_candidacy ON accounts (candidacy_id);

-- The code itself is kept sealed only so that its receipt can be printed until it is
-- used; lookups go by its SHA-256.
CREATE TABLE activation_codes (
    code_hash bytea PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts,
    code_sealed bytea,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    voided_at timestamptz
);
CREATE INDEX activation_codes_account ON activation_codes (account_id);

CREATE TABLE enrolment_tickets (
    ticket_hash bytea PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);

CREATE TABLE sessions (
    session_id text PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts,
    credential_version integer NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    refreshed_at timestamptz,
    revoked_at timestamptz,
    revoked_reason text,
    client_address text
);
CREATE INDEX sessions_account ON sessions (account_id) WHERE revoked_at IS NULL;

-- Rotating refresh tokens: each is used once; a used one presented again revokes its
-- whole session (reuse detection).
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id text NOT NULL REFERENCES sessions,
    issued_at timestamptz NOT NULL,
    used_at timestamptz
);

CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    private_sealed bytea NOT NULL,
    public_key bytea NOT NULL,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);

-- Failed sign-ins per user name typed (existing or not) and per client address.
CREATE TABLE sign_in_failures (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until timestamptz
);

CREATE TABLE deliveries (
    election_id text NOT NULL,
    scope_kind text NOT NULL,
    scope_id text NOT NULL,
    delivered_at timestamptz NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (election_id, scope_kind, scope_id)
);

CREATE TABLE notices (
    notice_id text PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts,
    subject text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at timestamptz
);
CREATE INDEX notices_account ON notices (account_id, created_at DESC);

-- E-mail waiting for SMTP; with no SMTP configured it stays here, the local mailbox
-- that admins read in the console.
CREATE TABLE mail (
    message_id text PRIMARY KEY,
    to_address text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    last_error text
);
CREATE INDEX mail_unsent ON mail (created_at) WHERE sent_at IS NULL;
