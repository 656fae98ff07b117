"""``incident_screenshots``: each report's screenshots, by SHA-256."""

import datetime as dt

from contracts.incidents import ScreenshotInfo
from services.incidents.domain.screenshots import Screenshot
from services.runtime.connections import Connection
from services.runtime.typed_rows import Conn


async def count(conn: Conn, incident_id: str) -> int:
    found = await conn.fetchval(
        "SELECT count(*) FROM incident_screenshots WHERE incident_id = $1", incident_id
    )
    return int(found or 0)


async def add(
    conn: Connection, incident_id: str, shot: Screenshot, by: str, at: dt.datetime
) -> bool:
    """False when the same screenshot was attached already."""
    status = await conn.execute(
        """INSERT INTO incident_screenshots
               (incident_id, sha256, media_type, content, added_by, added_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        incident_id,
        shot.sha256,
        shot.media_type,
        shot.content,
        by,
        at,
    )
    return status.endswith(" 1")


async def listed(conn: Conn, incident_id: str) -> list[ScreenshotInfo]:
    rows = await conn.fetch(
        "SELECT sha256, media_type, octet_length(content) AS size, added_at AS at "
        "FROM incident_screenshots WHERE incident_id = $1 ORDER BY added_at, sha256",
        incident_id,
    )
    return [ScreenshotInfo.model_validate(dict(row)) for row in rows]


async def one(conn: Conn, incident_id: str, sha256: str) -> Screenshot | None:
    row = await conn.fetchrow(
        "SELECT sha256, media_type, content FROM incident_screenshots "
        "WHERE incident_id = $1 AND sha256 = $2",
        incident_id,
        sha256,
    )
    return (
        None if row is None else Screenshot(row["sha256"], row["media_type"], bytes(row["content"]))
    )
