"""The ``sessions`` and ``refresh_tokens`` tables: each signed-in session, and the
refresh tokens that renew it, each used once."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class RefreshedSession(Row):
    """A refresh token presented, with the session it renews."""

    used_at: datetime | None
    session_id: str
    account_id: str
    credential_version: int
    expires_at: datetime
    revoked_at: datetime | None


async def insert_session(
    conn: Conn,
    *,
    session_id: str,
    account_id: str,
    credential_version: int,
    created_at: datetime,
    expires_at: datetime,
    client_address: str | None,
) -> None:
    await conn.execute(
        "INSERT INTO sessions (session_id, account_id, credential_version, created_at, "
        "expires_at, client_address) VALUES ($1, $2, $3, $4, $5, $6)",
        session_id,
        account_id,
        credential_version,
        created_at,
        expires_at,
        client_address,
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


async def refresh_token(conn: Conn, token_hash: bytes) -> RefreshedSession | None:
    return await RefreshedSession.one(
        conn,
        """SELECT t.used_at, s.session_id, s.account_id, s.credential_version,
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
) -> tuple[str, ...]:
    records = await conn.fetch(
        "UPDATE sessions SET revoked_at = $3, revoked_reason = $2 "
        "WHERE account_id = $1 AND revoked_at IS NULL RETURNING session_id",
        account_id,
        reason,
        now,
    )
    return tuple(str(record["session_id"]) for record in records)
