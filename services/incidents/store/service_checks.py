"""``service_checks``: since when each service fails its health check."""

import datetime as dt

from services.runtime.connections import Connection


async def failing_since(conn: Connection, service: str, now: dt.datetime) -> dt.datetime:
    """When it started failing (now, if it answered healthy last time)."""
    found = await conn.fetchval(
        """INSERT INTO service_checks (service, failing_since) VALUES ($1, $2)
           ON CONFLICT (service) DO UPDATE SET failing_since = service_checks.failing_since
           RETURNING failing_since""",
        service,
        now,
    )
    assert isinstance(found, dt.datetime)
    return found


async def healthy(conn: Connection, service: str) -> None:
    await conn.execute("DELETE FROM service_checks WHERE service = $1", service)
