"""The ``signing_keys`` table: the keys that sign access tokens, the current one and
those retired (each private key sealed, adapters/sealing.py)."""

from datetime import datetime

from pydantic import Field

from services.runtime.typed_rows import Conn, Row


class StoredSigningKey(Row):
    kid: str
    private_sealed: bytes = Field(repr=False)
    created_at: datetime


class PublishedKey(Row):
    kid: str
    public_key: bytes
    retired_at: datetime | None


async def take_key_lock(conn: Conn) -> None:
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('accounts-signing-keys'))")


async def current_signing_key(conn: Conn) -> StoredSigningKey | None:
    return await StoredSigningKey.one(
        conn,
        f"SELECT {StoredSigningKey.columns()} FROM signing_keys WHERE retired_at IS NULL "
        "ORDER BY created_at DESC LIMIT 1",
    )


async def insert_signing_key(
    conn: Conn, kid: str, sealed: bytes, public: bytes, now: datetime
) -> None:
    """The new key becomes the current one; the one before it retires now."""
    await conn.execute("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL", now)
    await conn.execute(
        "INSERT INTO signing_keys (kid, private_sealed, public_key, created_at) "
        "VALUES ($1, $2, $3, $4)",
        kid,
        sealed,
        public,
        now,
    )


async def published_keys(conn: Conn, retired_since: datetime) -> list[PublishedKey]:
    """The current key and those retired recently enough to have signed live tokens."""
    return await PublishedKey.many(
        conn,
        f"SELECT {PublishedKey.columns()} FROM signing_keys "
        "WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC",
        retired_since,
    )
