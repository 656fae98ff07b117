"""Every SQL statement of the accounts service, parameterised, named by intent."""

import json
from datetime import datetime, timedelta
from typing import Any

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool

# ----- elections and candidacies (from capture's events) -------------------------------


async def upsert_election(conn: Conn, row: dict[str, Any], now: datetime) -> None:
    await conn.execute(
        """INSERT INTO elections (election_id, name, time_zone, party_admin_accounts,
               credentials_delivery_days, parties, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
           ON CONFLICT (election_id) DO UPDATE SET name = $2, time_zone = $3,
               party_admin_accounts = $4, credentials_delivery_days = $5, parties = $6::jsonb,
               updated_at = $7""",
        row["election_id"],
        row["name"],
        row["time_zone"],
        row["party_admin_accounts"],
        row["credentials_delivery_days"],
        json.dumps(row["parties"]),
        now,
    )


async def election(conn: Conn, election_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM elections WHERE election_id = $1", election_id)


def parties_of(election_row: asyncpg.Record) -> list[dict[str, str]]:
    parties = election_row["parties"]
    return json.loads(parties) if isinstance(parties, str) else list(parties)


async def all_elections(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM elections ORDER BY election_id")


async def upsert_candidacy(conn: Conn, row: dict[str, Any]) -> None:
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, capturing_party_id, owner_name,
               office, approved_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (candidacy_id) DO UPDATE SET capturing_party_id = $3, owner_name = $4,
               office = $5, approved_at = $6""",
        row["candidacy_id"],
        row["election_id"],
        row["capturing_party_id"],
        row["owner_name"],
        row["office"],
        row["approved_at"],
    )


async def candidacy(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM candidacies WHERE candidacy_id = $1", candidacy_id)


async def withdraw_candidacy(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET withdrawn_at = coalesce(withdrawn_at, $2) WHERE candidacy_id = $1",
        candidacy_id,
        now,
    )


async def live_candidacies(conn: Conn, election_id: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM candidacies WHERE election_id = $1 AND withdrawn_at IS NULL "
        "ORDER BY owner_name",
        election_id,
    )


# ----- accounts ------------------------------------------------------------------------

ACCOUNT_COLUMNS = (
    "account_id",
    "username",
    "display_name",
    "role",
    "status",
    "election_id",
    "scope_kind",
    "scope_id",
    "candidacy_id",
    "email",
    "phone",
    "created_by",
    "created_at",
)


async def insert_account(conn: Conn, row: dict[str, Any]) -> None:
    columns = ", ".join(ACCOUNT_COLUMNS)
    marks = ", ".join(f"${i}" for i in range(1, len(ACCOUNT_COLUMNS) + 1))
    await conn.execute(
        f"INSERT INTO accounts ({columns}) VALUES ({marks})",
        *(row.get(c) for c in ACCOUNT_COLUMNS),
    )


async def account(conn: Conn, account_id: str, *, lock: bool = False) -> asyncpg.Record | None:
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow("SELECT * FROM accounts WHERE account_id = $1" + suffix, account_id)


async def account_by_username(conn: Conn, username: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM accounts WHERE username = $1 FOR UPDATE", username.strip().lower()
    )


async def usernames_starting(conn: Conn, base: str) -> set[str]:
    """``base`` and ``base-…`` (user names are [a-z0-9._-]: in byte order, "-" is the only
    one of those below "."), by a range of the byte-order index."""
    rows = await conn.fetch(
        'SELECT username FROM accounts WHERE (username COLLATE "C") >= $1 '
        "AND (username COLLATE \"C\") < $1 || '.'",
        base,
    )
    return {
        r["username"] for r in rows if r["username"] == base or r["username"].startswith(base + "-")
    }


async def live_account_of_candidacy(conn: Conn, candidacy_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM accounts WHERE candidacy_id = $1 AND role IN ('candidate', 'independent') "
        "AND status <> 'revoked'",
        candidacy_id,
    )


async def live_accounts_in_scope(
    conn: Conn, election_id: str, scope_kind: str, scope_id: str
) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM accounts WHERE election_id = $1 AND scope_kind = $2 AND scope_id = $3 "
        "AND status <> 'revoked' ORDER BY created_at, username",
        election_id,
        scope_kind,
        scope_id,
    )


async def list_accounts(conn: Conn, filters: dict[str, Any]) -> list[asyncpg.Record]:
    clauses, args = [], []
    for column, value in filters.items():
        args.append(value)
        clauses.append(f"a.{column} = ${len(args)}")
    where = " AND ".join(clauses) or "true"
    return await conn.fetch(
        "SELECT a.*, (SELECT max(expires_at) FROM activation_codes c WHERE c.account_id = "
        "a.account_id AND c.used_at IS NULL AND c.voided_at IS NULL) AS code_expires_at "
        f"FROM accounts a WHERE {where} ORDER BY a.created_at, a.username LIMIT 5000",
        *args,
    )


async def take_admins_lock(conn: Conn) -> None:
    """Serialise every change that could leave the institute without an active admin
    (revoking, reissuing, demoting, issuing the first admin): each counts the active
    admins after taking this lock, so two admins revoking each other cannot both win."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('accounts-admins'))")


async def active_admin_count(conn: Conn) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM accounts WHERE role = 'admin' AND status = 'active'"
        )
    )


async def set_password(
    conn: Conn, account_id: str, password_hash: str, status: str, now: datetime
) -> None:
    await conn.execute(
        "UPDATE accounts SET password_hash = $2, status = $3, "
        "activated_at = CASE WHEN $3 = 'active' THEN $4 ELSE activated_at END "
        "WHERE account_id = $1",
        account_id,
        password_hash,
        status,
        now,
    )


async def set_totp_secret(conn: Conn, account_id: str, sealed: bytes) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_secret = $2, totp_last_step = NULL WHERE account_id = $1",
        account_id,
        sealed,
    )


async def finish_enrolment(conn: Conn, account_id: str, step: int, now: datetime) -> None:
    await conn.execute(
        "UPDATE accounts SET status = 'active', activated_at = $3, totp_last_step = $2 "
        "WHERE account_id = $1",
        account_id,
        step,
        now,
    )


async def record_totp_step(conn: Conn, account_id: str, step: int) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_last_step = $2 WHERE account_id = $1", account_id, step
    )


async def revoke_account(conn: Conn, account_id: str, now: datetime) -> int:
    """Revoke; the new credential version kills every token of the old one."""
    return int(
        await conn.fetchval(
            "UPDATE accounts SET status = 'revoked', revoked_at = $2, "
            "credential_version = credential_version + 1 WHERE account_id = $1 "
            "RETURNING credential_version",
            account_id,
            now,
        )
    )


async def reset_credentials(conn: Conn, account_id: str) -> int:
    """Reissue: no password, no second factor, a new credential version (000 §3.6)."""
    return int(
        await conn.fetchval(
            "UPDATE accounts SET status = 'pending', password_hash = NULL, totp_secret = NULL, "
            "totp_last_step = NULL, activated_at = NULL, revoked_at = NULL, "
            "credential_version = credential_version + 1 WHERE account_id = $1 "
            "RETURNING credential_version",
            account_id,
        )
    )


async def change_role(conn: Conn, account_id: str, role: str) -> int:
    return int(
        await conn.fetchval(
            "UPDATE accounts SET role = $2, credential_version = credential_version + 1 "
            "WHERE account_id = $1 RETURNING credential_version",
            account_id,
            role,
        )
    )


# ----- activation codes and enrolment tickets ------------------------------------------


async def insert_code(
    conn: Conn, code_hash: bytes, account_id: str, sealed: bytes, now: datetime, ttl: timedelta
) -> datetime:
    expires_at = now + ttl
    await conn.execute(
        "INSERT INTO activation_codes (code_hash, account_id, code_sealed, created_at, "
        "expires_at) VALUES ($1, $2, $3, $4, $5)",
        code_hash,
        account_id,
        sealed,
        now,
        expires_at,
    )
    return expires_at


async def code(conn: Conn, code_hash: bytes) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM activation_codes WHERE code_hash = $1 FOR UPDATE", code_hash
    )


async def use_code(conn: Conn, code_hash: bytes, now: datetime) -> None:
    await conn.execute(
        "UPDATE activation_codes SET used_at = $2, code_sealed = NULL WHERE code_hash = $1",
        code_hash,
        now,
    )


async def void_codes(conn: Conn, account_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE activation_codes SET voided_at = $2, code_sealed = NULL "
        "WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL",
        account_id,
        now,
    )


async def printable_codes(
    conn: Conn, election_id: str, scope_kind: str, scope_id: str, now: datetime
) -> list[asyncpg.Record]:
    """The scope's accounts whose codes are still unused and unexpired."""
    return await conn.fetch(
        """SELECT a.account_id, a.username, a.display_name, a.role, c.code_sealed, c.expires_at
           FROM accounts a JOIN activation_codes c USING (account_id)
           WHERE a.election_id = $1 AND a.scope_kind = $2 AND a.scope_id = $3
             AND a.status = 'pending' AND c.used_at IS NULL AND c.voided_at IS NULL
             AND c.expires_at > $4
           ORDER BY a.created_at, a.username""",
        election_id,
        scope_kind,
        scope_id,
        now,
    )


async def insert_ticket(
    conn: Conn, ticket_hash: bytes, account_id: str, expires_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO enrolment_tickets (ticket_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        ticket_hash,
        account_id,
        expires_at,
    )


async def ticket(conn: Conn, ticket_hash: bytes) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM enrolment_tickets WHERE ticket_hash = $1 FOR UPDATE", ticket_hash
    )


async def use_ticket(conn: Conn, ticket_hash: bytes, now: datetime) -> None:
    await conn.execute(
        "UPDATE enrolment_tickets SET used_at = $2 WHERE ticket_hash = $1", ticket_hash, now
    )


async def use_tickets_of(conn: Conn, account_id: str, now: datetime) -> None:
    """An enrolment started again: the tickets of earlier attempts no longer count."""
    await conn.execute(
        "UPDATE enrolment_tickets SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
        account_id,
        now,
    )


async def use_codes_of(conn: Conn, account_id: str, now: datetime) -> None:
    """The activation finished (second factor enrolled): its code is spent."""
    await conn.execute(
        "UPDATE activation_codes SET used_at = $2, code_sealed = NULL "
        "WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL",
        account_id,
        now,
    )


# ----- sessions and refresh tokens -----------------------------------------------------


async def insert_session(conn: Conn, row: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO sessions (session_id, account_id, credential_version, created_at, "
        "expires_at, client_address) VALUES ($1, $2, $3, $4, $5, $6)",
        row["session_id"],
        row["account_id"],
        row["credential_version"],
        row["created_at"],
        row["expires_at"],
        row["client_address"],
    )


async def insert_refresh_token(
    conn: Conn, token_hash: bytes, session_id: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)",
        token_hash,
        session_id,
        now,
    )


async def refresh_token(conn: Conn, token_hash: bytes) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT t.token_hash, t.used_at, s.session_id, s.account_id, s.credential_version,
                  s.expires_at, s.revoked_at
           FROM refresh_tokens t JOIN sessions s USING (session_id)
           WHERE t.token_hash = $1 FOR UPDATE OF t, s""",
        token_hash,
    )


async def use_refresh_token(conn: Conn, token_hash: bytes, now: datetime) -> None:
    await conn.execute(
        "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1", token_hash, now
    )
    await conn.execute(
        "UPDATE sessions SET refreshed_at = $2 WHERE session_id = "
        "(SELECT session_id FROM refresh_tokens WHERE token_hash = $1)",
        token_hash,
        now,
    )


async def revoke_session(conn: Conn, session_id: str, reason: str, now: datetime) -> bool:
    revoked = await conn.fetchval(
        "UPDATE sessions SET revoked_at = $3, revoked_reason = $2 "
        "WHERE session_id = $1 AND revoked_at IS NULL RETURNING true",
        session_id,
        reason,
        now,
    )
    return bool(revoked)


async def revoke_account_sessions(
    conn: Conn, account_id: str, reason: str, now: datetime
) -> list[str]:
    rows = await conn.fetch(
        "UPDATE sessions SET revoked_at = $3, revoked_reason = $2 "
        "WHERE account_id = $1 AND revoked_at IS NULL RETURNING session_id",
        account_id,
        reason,
        now,
    )
    return [r["session_id"] for r in rows]


# ----- signing keys --------------------------------------------------------------------


async def take_key_lock(conn: Conn) -> None:
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('accounts-signing-keys'))")


async def current_signing_key(conn: Conn) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1"
    )


async def insert_signing_key(
    conn: Conn, kid: str, sealed: bytes, public: bytes, now: datetime
) -> None:
    await conn.execute("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL", now)
    await conn.execute(
        "INSERT INTO signing_keys (kid, private_sealed, public_key, created_at) "
        "VALUES ($1, $2, $3, $4)",
        kid,
        sealed,
        public,
        now,
    )


async def published_keys(conn: Conn, retired_since: datetime) -> list[asyncpg.Record]:
    """The current key and those retired recently enough to have signed live tokens."""
    return await conn.fetch(
        "SELECT kid, public_key, retired_at FROM signing_keys "
        "WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC",
        retired_since,
    )


# ----- failed sign-ins -----------------------------------------------------------------


async def failures(conn: Conn, keys: list[str]) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM sign_in_failures WHERE key = ANY($1::text[])", keys)


async def record_failure(conn: Conn, key: str, now: datetime, forget_after: timedelta) -> int:
    """Count one more failure; a count idle for ``forget_after`` starts again."""
    return int(
        await conn.fetchval(
            """INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES ($1, 1, $2)
               ON CONFLICT (key) DO UPDATE SET
                 failures = CASE WHEN sign_in_failures.last_failure_at < $2 - $3::interval
                                 THEN 1 ELSE sign_in_failures.failures + 1 END,
                 last_failure_at = $2
               RETURNING failures""",
            key,
            now,
            forget_after,
        )
    )


async def set_locked_until(conn: Conn, key: str, until: datetime | None) -> None:
    await conn.execute("UPDATE sign_in_failures SET locked_until = $2 WHERE key = $1", key, until)


async def clear_failures(conn: Conn, key: str) -> None:
    await conn.execute("DELETE FROM sign_in_failures WHERE key = $1", key)


async def remember_address(conn: Conn, account_id: str, address: str, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO known_addresses (account_id, client_address, last_success_at) "
        "VALUES ($1, $2, $3) ON CONFLICT (account_id, client_address) "
        "DO UPDATE SET last_success_at = $3",
        account_id,
        address,
        now,
    )


async def knows_address(conn: Conn, account_id: str, address: str, since: datetime) -> bool:
    """Did the account sign in or activate from ``address`` since then?"""
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM known_addresses WHERE account_id = $1 "
            "AND client_address = $2 AND last_success_at > $3)",
            account_id,
            address,
            since,
        )
    )


# ----- deliveries ----------------------------------------------------------------------


async def record_delivery(conn: Conn, row: dict[str, Any]) -> bool:
    inserted = await conn.fetchval(
        "INSERT INTO deliveries (election_id, scope_kind, scope_id, delivered_at, recorded_by, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
        row["election_id"],
        row["scope_kind"],
        row["scope_id"],
        row["delivered_at"],
        row["recorded_by"],
        row["recorded_at"],
    )
    return bool(inserted)


async def delivery(
    conn: Conn, election_id: str, scope_kind: str, scope_id: str
) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM deliveries WHERE election_id = $1 AND scope_kind = $2 AND scope_id = $3",
        election_id,
        scope_kind,
        scope_id,
    )


async def deliveries(conn: Conn, election_id: str) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM deliveries WHERE election_id = $1", election_id)


async def live_account_counts(conn: Conn, election_id: str) -> dict[tuple[str, str], int]:
    rows = await conn.fetch(
        "SELECT scope_kind, scope_id, count(*) AS n FROM accounts WHERE election_id = $1 "
        "AND status <> 'revoked' AND scope_kind IS NOT NULL GROUP BY scope_kind, scope_id",
        election_id,
    )
    return {(r["scope_kind"], r["scope_id"]): r["n"] for r in rows}


# ----- notices and mail ----------------------------------------------------------------


async def insert_notice(conn: Conn, row: dict[str, Any]) -> bool:
    """False when a notice with the same key already reached this account."""
    inserted = await conn.fetchval(
        "INSERT INTO notices (notice_id, account_id, subject, body, created_at, key) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
        row["notice_id"],
        row["account_id"],
        row["subject"],
        row["body"],
        row["created_at"],
        row.get("key"),
    )
    return bool(inserted)


async def inbox(conn: Conn, account_id: str, limit: int = 200) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM notices WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2",
        account_id,
        limit,
    )


async def mark_notice_read(conn: Conn, notice_id: str, account_id: str, now: datetime) -> bool:
    found = await conn.fetchval(
        "UPDATE notices SET read_at = coalesce(read_at, $3) WHERE notice_id = $1 "
        "AND account_id = $2 RETURNING true",
        notice_id,
        account_id,
        now,
    )
    return bool(found)


async def insert_mail(conn: Conn, row: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO mail (message_id, to_address, subject, body, created_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        row["message_id"],
        row["to_address"],
        row["subject"],
        row["body"],
        row["created_at"],
    )


async def unsent_mail(conn: Conn, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM mail WHERE sent_at IS NULL AND attempts < 10 ORDER BY created_at LIMIT $1",
        limit,
    )


async def mark_mail_sent(conn: Conn, message_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE mail SET sent_at = $2, attempts = attempts + 1 WHERE message_id = $1",
        message_id,
        now,
    )


async def mark_mail_failed(conn: Conn, message_id: str, error: str) -> None:
    await conn.execute(
        "UPDATE mail SET attempts = attempts + 1, last_error = $2 WHERE message_id = $1",
        message_id,
        error[:500],
    )


async def mailbox(conn: Conn, limit: int = 500) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM mail ORDER BY created_at DESC LIMIT $1", limit)
