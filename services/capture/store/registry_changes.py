"""The ``registry_changes`` table: each change the registration system sent, with the
receipt it was answered (so the same change sent again is answered the same)."""

from dataclasses import dataclass
from datetime import datetime

from contracts.capture import RegistryChangeReceipt
from services.capture.store import Conn


@dataclass(frozen=True)
class AppliedChange:
    content_hash: bytes
    receipt: RegistryChangeReceipt | None  # None: only inside the applying transaction


async def claim_change(
    conn: Conn,
    election_id: str,
    change_id: str,
    kind: str,
    content_hash: bytes,
    by: str,
    now: datetime,
) -> bool:
    """Take the change's id for this transaction; False if it was taken before. A second
    send at the same moment waits here until the first commits (or rolls back)."""
    claimed = await conn.fetchval(
        """INSERT INTO registry_changes (election_id, change_id, kind, content_hash,
               received_by, received_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true""",
        election_id,
        change_id,
        kind,
        content_hash,
        by,
        now,
    )
    return bool(claimed)


async def applied_change(conn: Conn, election_id: str, change_id: str) -> AppliedChange | None:
    row = await conn.fetchrow(
        "SELECT content_hash, receipt FROM registry_changes "
        "WHERE election_id = $1 AND change_id = $2",
        election_id,
        change_id,
    )
    if row is None:
        return None
    receipt = row["receipt"]
    return AppliedChange(
        content_hash=bytes(row["content_hash"]),
        receipt=None if receipt is None else RegistryChangeReceipt.model_validate_json(receipt),
    )


async def save_receipt(
    conn: Conn, election_id: str, change_id: str, receipt: RegistryChangeReceipt
) -> None:
    await conn.execute(
        "UPDATE registry_changes SET receipt = $3::jsonb WHERE election_id = $1 AND change_id = $2",
        election_id,
        change_id,
        receipt.model_dump_json(),
    )
