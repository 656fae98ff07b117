"""The ``sign_in_failures`` table: failed sign-ins counted per user name typed (existing
or not) and per client address, and how long each is locked (domain/lockout.py)."""

from datetime import datetime, timedelta

from services.runtime.typed_rows import Conn


async def any_locked(conn: Conn, keys: list[str], now: datetime) -> bool:
    """Is any of these user names or addresses locked out at ``now``?"""
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM sign_in_failures WHERE key = ANY($1::text[]) "
            "AND locked_until > $2)",
            keys,
            now,
        )
    )


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
