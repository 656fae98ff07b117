"""The ``activation_codes`` table: each account's one-time codes, looked up by SHA-256.

The code itself is kept sealed only so that its receipt can be printed until it is used.
"""

from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from contracts.accounts import Scope
from contracts.roles import Role
from services.runtime.typed_rows import Conn, Row


class StoredCode(Row):
    """An activation code as its lookup finds it (never the sealed code itself)."""

    account_id: str
    expires_at: datetime
    used_at: datetime | None
    voided_at: datetime | None


class PrintableCode(Row):
    """A pending account of a scope, with its code still unused and unexpired."""

    account_id: str
    username: str
    display_name: str
    role: Role
    code_sealed: bytes = Field(repr=False)
    expires_at: datetime


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


async def code(conn: Conn, code_hash: bytes) -> StoredCode | None:
    return await StoredCode.one(
        conn,
        f"SELECT {StoredCode.columns()} FROM activation_codes WHERE code_hash = $1 FOR UPDATE",
        code_hash,
    )


async def use_code(conn: Conn, code_hash: bytes, now: datetime) -> None:
    await conn.execute(
        "UPDATE activation_codes SET used_at = $2, code_sealed = NULL WHERE code_hash = $1",
        code_hash,
        now,
    )


async def void_codes(conn: Conn, account_id: str, now: datetime) -> None:
    """Credentials reissued or the account revoked: an open code no longer opens anything."""
    await _close_open_codes(conn, account_id, now, "voided_at")


async def use_codes_of(conn: Conn, account_id: str, now: datetime) -> None:
    """The activation finished (second factor enrolled): its code is spent."""
    await _close_open_codes(conn, account_id, now, "used_at")


async def _close_open_codes(
    conn: Conn, account_id: str, now: datetime, mark: Literal["used_at", "voided_at"]
) -> None:
    await conn.execute(
        f"UPDATE activation_codes SET {mark} = $2, code_sealed = NULL "
        "WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL",
        account_id,
        now,
    )


async def printable_codes(
    conn: Conn, election_id: str, scope: Scope, now: datetime
) -> list[PrintableCode]:
    """The scope's accounts whose codes are still unused and unexpired."""
    return await PrintableCode.many(
        conn,
        """SELECT a.account_id, a.username, a.display_name, a.role, c.code_sealed,
                      c.expires_at
               FROM accounts a JOIN activation_codes c USING (account_id)
               WHERE a.election_id = $1 AND a.scope_kind = $2 AND a.scope_id = $3
                 AND a.status = 'pending' AND c.used_at IS NULL AND c.voided_at IS NULL
                 AND c.expires_at > $4
               ORDER BY a.created_at, a.username""",
        election_id,
        scope.kind.value,
        scope.id,
        now,
    )
