"""The ``data_keys`` table: each candidacy's data key, wrapped by the master key; and when
a withdrawn candidacy's key is to be destroyed, suppressing its identity answers (000 §9.5;
``candidacies.suppress_after``)."""

from dataclasses import dataclass
from datetime import datetime

from services.capture.store import Conn


@dataclass(frozen=True)
class DataKey:
    wrapped: bytes | None  # None: destroyed, the identity answers are gone


async def data_key(conn: Conn, candidacy_id: str) -> DataKey | None:
    row = await conn.fetchrow(
        "SELECT wrapped_key FROM data_keys WHERE candidacy_id = $1", candidacy_id
    )
    if row is None:
        return None
    wrapped = row["wrapped_key"]
    return DataKey(None if wrapped is None else bytes(wrapped))


async def insert_data_key(conn: Conn, candidacy_id: str, wrapped: bytes, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO data_keys (candidacy_id, wrapped_key, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING",
        candidacy_id,
        wrapped,
        now,
    )


async def destroy_data_key(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE data_keys SET wrapped_key = NULL, destroyed_at = $2 WHERE candidacy_id = $1",
        candidacy_id,
        now,
    )


async def schedule_suppression(conn: Conn, candidacy_id: str, when: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET suppress_after = coalesce(suppress_after, $2) "
        "WHERE candidacy_id = $1",
        candidacy_id,
        when,
    )


async def due_suppressions(conn: Conn, now: datetime) -> list[str]:
    """Candidacies whose suppression is due and whose key still exists."""
    rows = await conn.fetch(
        "SELECT c.candidacy_id FROM candidacies c JOIN data_keys k USING (candidacy_id) "
        "WHERE c.suppress_after <= $1 AND k.wrapped_key IS NOT NULL LIMIT 1000",
        now,
    )
    return [row["candidacy_id"] for row in rows]
