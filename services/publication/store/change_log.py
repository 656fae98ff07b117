"""The ``changes`` table: every change of what the public sees, in one gap-free order
(INE's feed, ``desde=N``). A number is taken under the table's lock, held to the commit,
so no later number commits before an earlier one."""

from datetime import datetime
from uuid import UUID

from pydantic import Json

from contracts.events.publication import ProfileChanged
from services.runtime.typed_rows import Conn, Row


class Change(Row):
    sequence: int
    data: Json[ProfileChanged]


async def next_sequence(conn: Conn) -> int:
    """Locks the table until the caller's transaction ends; the number after the last."""
    await conn.execute("LOCK TABLE changes IN EXCLUSIVE MODE")
    return int(await conn.fetchval("SELECT coalesce(max(sequence), 0) + 1 FROM changes"))


async def append_change(
    conn: Conn, event_id: UUID, changed: ProfileChanged, data_json: str, at: datetime
) -> None:
    await conn.execute(
        """INSERT INTO changes (sequence, event_id, election_id, candidacy_id, kind, data,
               changed_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)""",
        changed.sequence,
        event_id,
        changed.election_id,
        changed.candidacy_id,
        changed.kind.value,
        data_json,
        at,
    )


async def last_of(conn: Conn, candidacy_id: str) -> Change | None:
    """The candidacy's latest change: what INE last received of it."""
    return await Change.one(
        conn,
        f"SELECT {Change.columns()} FROM changes WHERE candidacy_id = $1 "
        "ORDER BY sequence DESC LIMIT 1",
        candidacy_id,
    )


async def changes_from(conn: Conn, first: int, limit: int) -> list[Change]:
    return await Change.many(
        conn,
        f"SELECT {Change.columns()} FROM changes WHERE sequence >= $1 ORDER BY sequence LIMIT $2",
        first,
        limit,
    )
