"""The bitácora's tables: ``incidents``, the traces each points at (``incident_traces``)
and what support wrote of it (``incident_notes``)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from contracts.incidents import (
    AnomalyKind,
    IncidentNote,
    IncidentSource,
    IncidentStatus,
    LinkedTrace,
    Module,
)
from services.runtime.connections import Connection
from services.runtime.typed_rows import Conn, Row


class IncidentRow(Row):
    incident_id: str
    number: int
    source: IncidentSource
    fingerprint: str | None
    status: IncidentStatus
    module: Module
    anomaly: AnomalyKind | None
    description: str
    happened_at: dt.datetime
    received_at: dt.datetime
    reporter: str | None
    filed_by: str | None
    assignee: str | None
    election_id: str | None
    due_at: dt.datetime | None
    occurrences: int
    last_seen_at: dt.datetime
    resolved_at: dt.datetime | None


@dataclass(frozen=True)
class NewIncident:
    incident_id: str
    source: IncidentSource
    module: Module
    description: str
    happened_at: dt.datetime
    received_at: dt.datetime
    due_at: dt.datetime | None
    anomaly: AnomalyKind | None = None
    reporter: str | None = None
    filed_by: str | None = None
    election_id: str | None = None
    fingerprint: str | None = None


_INSERT = """INSERT INTO incidents (incident_id, source, fingerprint, status, module, anomaly,
        description, happened_at, received_at, reporter, filed_by, election_id, due_at,
        last_seen_at)
    VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11, $12, $8)"""


def _args(new: NewIncident) -> tuple[object, ...]:
    return (
        new.incident_id,
        new.source.value,
        new.fingerprint,
        new.module.value,
        None if new.anomaly is None else new.anomaly.value,
        new.description,
        new.happened_at,
        new.received_at,
        new.reporter,
        new.filed_by,
        new.election_id,
        new.due_at,
    )


async def insert(conn: Connection, new: NewIncident) -> None:
    await conn.execute(_INSERT, *_args(new))


async def open_or_count(conn: Connection, new: NewIncident) -> tuple[str, bool]:
    """The open incident of ``new.fingerprint``, one occurrence more, or ``new`` opened;
    its id, and whether it was opened now."""
    row = await conn.fetchrow(
        _INSERT
        + """ ON CONFLICT (fingerprint) WHERE fingerprint IS NOT NULL AND resolved_at IS NULL
              DO UPDATE SET occurrences = incidents.occurrences + 1,
                            last_seen_at = greatest(incidents.last_seen_at, EXCLUDED.last_seen_at)
              RETURNING incident_id, (xmax = 0) AS opened""",
        *_args(new),
    )
    assert row is not None
    return str(row["incident_id"]), bool(row["opened"])


async def link_traces(conn: Connection, incident_id: str, traces: Sequence[LinkedTrace]) -> None:
    await conn.executemany(
        """INSERT INTO incident_traces (incident_id, trace_id, what, status, failed, at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""",
        [(incident_id, t.trace_id, t.what, t.status, t.failed, t.at) for t in traces],
    )


async def incident(conn: Conn, incident_id: str) -> IncidentRow | None:
    return await IncidentRow.one(
        conn, f"SELECT {IncidentRow.columns()} FROM incidents WHERE incident_id = $1", incident_id
    )


async def trace_count(conn: Conn, incident_id: str) -> int:
    found = await conn.fetchval(
        "SELECT count(*) FROM incident_traces WHERE incident_id = $1", incident_id
    )
    return int(found or 0)


async def traces_of(conn: Conn, incident_id: str) -> list[LinkedTrace]:
    rows = await conn.fetch(
        "SELECT trace_id, what, status, failed, at FROM incident_traces "
        "WHERE incident_id = $1 ORDER BY at, trace_id",
        incident_id,
    )
    return [LinkedTrace.model_validate(dict(row)) for row in rows]


async def notes_of(conn: Conn, incident_id: str) -> list[IncidentNote]:
    rows = await conn.fetch(
        "SELECT at, author, text, status_from, status_to FROM incident_notes "
        "WHERE incident_id = $1 ORDER BY seq",
        incident_id,
    )
    return [IncidentNote.model_validate(dict(row)) for row in rows]


async def add_note(
    conn: Connection,
    incident_id: str,
    at: dt.datetime,
    author: str | None,
    text: str,
    moved: tuple[IncidentStatus, IncidentStatus] | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO incident_notes (incident_id, at, author, text, status_from, status_to) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        incident_id,
        at,
        author,
        text,
        None if moved is None else moved[0].value,
        None if moved is None else moved[1].value,
    )


async def move(
    conn: Connection, incident_id: str, to: IncidentStatus, resolved_at: dt.datetime | None
) -> bool:
    """False when it would reopen a failure that has another open incident since."""
    try:
        async with conn.transaction():  # a savepoint: the refusal leaves the rest intact
            await conn.execute(
                "UPDATE incidents SET status = $2, resolved_at = $3 WHERE incident_id = $1",
                incident_id,
                to.value,
                resolved_at,
            )
    except asyncpg.UniqueViolationError:
        return False
    return True


async def assign(conn: Connection, incident_id: str, assignee: str) -> None:
    await conn.execute(
        "UPDATE incidents SET assignee = $2 WHERE incident_id = $1", incident_id, assignee
    )


async def locked(conn: Connection, incident_id: str) -> IncidentRow | None:
    """The incident, held until the transaction ends: two people moving it at once move
    it one after the other."""
    return await IncidentRow.one(
        conn,
        f"SELECT {IncidentRow.columns()} FROM incidents WHERE incident_id = $1 FOR UPDATE",
        incident_id,
    )


@dataclass(frozen=True)
class Filters:
    status: IncidentStatus | None = None
    module: Module | None = None
    source: IncidentSource | None = None
    reporter: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


_WHERE = """($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR module = $2)
    AND ($3::text IS NULL OR source = $3) AND ($4::text IS NULL OR reporter = $4)
    AND ($5::timestamptz IS NULL OR received_at >= $5)
    AND ($6::timestamptz IS NULL OR received_at < $6)"""


def _filter_args(filters: Filters) -> tuple[object, ...]:
    return (
        None if filters.status is None else filters.status.value,
        None if filters.module is None else filters.module.value,
        None if filters.source is None else filters.source.value,
        filters.reporter,
        filters.since,
        filters.until,
    )


async def search(
    conn: Conn, filters: Filters, limit: int, offset: int
) -> tuple[list[IncidentRow], int]:
    """The incidents that match, newest first, a page of them; and how many match."""
    args = _filter_args(filters)
    total = await conn.fetchval(f"SELECT count(*) FROM incidents WHERE {_WHERE}", *args)
    rows = await IncidentRow.many(
        conn,
        f"""SELECT {IncidentRow.columns()} FROM incidents WHERE {_WHERE}
             ORDER BY received_at DESC, number DESC LIMIT $7 OFFSET $8""",
        *args,
        limit,
        offset,
    )
    return rows, int(total or 0)


async def newly_overdue(conn: Connection, now: dt.datetime, most: int) -> list[IncidentRow]:
    """Unresolved incidents past their due not flagged yet, held for this transaction
    (another replica's tick skips them)."""
    return await IncidentRow.many(
        conn,
        f"""SELECT {IncidentRow.columns()} FROM incidents
             WHERE resolved_at IS NULL AND overdue_noticed_at IS NULL AND due_at <= $1
             ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED""",
        now,
        most,
    )


async def flag_overdue(conn: Connection, incident_id: str, now: dt.datetime) -> None:
    await conn.execute(
        "UPDATE incidents SET overdue_noticed_at = $2 WHERE incident_id = $1", incident_id, now
    )
