"""The ``privacy_acceptances`` table: each acceptance of a privacy notice, which version,
by whom and when."""

from datetime import datetime

from services.capture.store import Conn


async def record_privacy_acceptance(
    conn: Conn, candidacy_id: str, version: str, account_id: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO privacy_acceptances (candidacy_id, version, account_id, accepted_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        candidacy_id,
        version,
        account_id,
        now,
    )


async def privacy_accepted(conn: Conn, candidacy_id: str, version: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT true FROM privacy_acceptances WHERE candidacy_id = $1 AND version = $2",
            candidacy_id,
            version,
        )
    )
