"""The ``uploads`` table: files on their way in, a chunk per bus message, each kept with
what it is for (its purpose and target) until the request of that purpose takes the
file, or it expires."""

from dataclasses import dataclass
from datetime import datetime

from contracts.capture import UploadChunk, UploadPurpose
from services.capture.store import Conn
from services.runtime.connections import Connection


@dataclass(frozen=True)
class ExpiredUpload:
    upload_id: str
    uploaded_by: str
    size: int  # bytes


async def save_chunk(
    conn: Connection,
    chunk: UploadChunk,
    data: bytes,
    by: str,
    now: datetime,
    max_pending: int,
) -> bool:
    """Keep one chunk (``data``, decoded); False when the account's pending uploads would
    exceed ``max_pending`` bytes, and then the chunks of this upload already kept are
    dropped too: it can no longer be completed."""
    async with conn.transaction():
        # one account's chunks are counted one at a time, so two cannot both fit the quota
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('upload:' || $1))", by)
        pending = await conn.fetchval(
            "SELECT coalesce(sum(octet_length(data)), 0) FROM uploads "
            "WHERE uploaded_by = $1 AND NOT (upload_id = $2::uuid AND idx = $3)",
            by,
            chunk.upload_id,
            chunk.index,
        )
        if pending + len(data) > max_pending:
            await conn.execute(
                "DELETE FROM uploads WHERE upload_id = $1::uuid AND uploaded_by = $2",
                chunk.upload_id,
                by,
            )
            return False
        await conn.execute(
            "INSERT INTO uploads (upload_id, idx, total, data, uploaded_by, received_at, "
            "purpose, target) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (upload_id, idx) DO UPDATE SET data = $4, total = $3, "
            "received_at = $6 WHERE uploads.uploaded_by = $5",
            chunk.upload_id,
            chunk.index,
            chunk.total,
            data,
            by,
            now,
            chunk.purpose.value,
            chunk.target,
        )
    return True


async def take_upload(
    conn: Conn, upload_id: str, by: str, purpose: UploadPurpose, target: str
) -> bytes | None:
    """The whole file, if every chunk arrived from the same account for this purpose and
    target; then forgotten, whatever becomes of the request that takes it."""
    rows = await conn.fetch(
        "DELETE FROM uploads WHERE upload_id = $1::uuid AND uploaded_by = $2 "
        "AND purpose = $3 AND target = $4 RETURNING idx, total, data",
        upload_id,
        by,
        purpose.value,
        target,
    )
    if not rows or len(rows) != rows[0]["total"]:
        return None
    return b"".join(bytes(row["data"]) for row in sorted(rows, key=lambda r: r["idx"]))


async def expire_uploads(conn: Conn, received_before: datetime) -> list[ExpiredUpload]:
    """Forget every upload whose last chunk arrived before ``received_before``: each
    one's id, account and bytes."""
    rows = await conn.fetch(
        "WITH gone AS (DELETE FROM uploads WHERE upload_id IN (SELECT upload_id FROM uploads "
        "GROUP BY upload_id HAVING max(received_at) < $1) RETURNING upload_id, uploaded_by, "
        "octet_length(data) AS size) SELECT upload_id::text, uploaded_by, sum(size) AS size "
        "FROM gone GROUP BY upload_id, uploaded_by",
        received_before,
    )
    return [ExpiredUpload(row["upload_id"], row["uploaded_by"], int(row["size"])) for row in rows]
