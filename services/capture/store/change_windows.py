"""The ``change_windows`` table: the fields an approved change request opened to the party
(002 §II.C), until when, what they held before (an identity answer's only as its person's
sealed draft), whether the institute applied the request's texts already, and how the
window ended."""

import json
from datetime import datetime
from typing import Any

from asyncpg import Record
from pydantic import Json

from contracts.events.capture import ChangeOutcome
from services.capture.store import Conn
from services.runtime.typed_rows import Row


class ChangeWindow(Row):
    request_id: str
    candidacy_id: str
    fields: list[str]
    filed_by: str
    before: Json[dict[str, Any]]
    identity_before: Json[dict[str, str]]
    texts_applied: bool
    opened_at: datetime
    closes_at: datetime
    edited_at: datetime | None
    closed_at: datetime | None
    outcome: ChangeOutcome | None


async def open_window(
    conn: Conn,
    request_id: str,
    candidacy_id: str,
    fields: list[str],
    filed_by: str,
    before: dict[str, Any],
    now: datetime,
    closes_at: datetime,
    identity_before: dict[str, str] | None = None,
    texts_applied: bool = False,
) -> bool:
    """False when this request's window was opened already. ``identity_before``: each
    person's sealed identity draft, base64, by person."""
    done = await conn.execute(
        """INSERT INTO change_windows (request_id, candidacy_id, fields, filed_by, before,
               opened_at, closes_at, identity_before, texts_applied)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9) ON CONFLICT DO NOTHING""",
        request_id,
        candidacy_id,
        fields,
        filed_by,
        json.dumps(before, ensure_ascii=False),
        now,
        closes_at,
        json.dumps(identity_before or {}),
        texts_applied,
    )
    return bool(done == "INSERT 0 1")


async def open_for(conn: Conn, candidacy_id: str, now: datetime) -> ChangeWindow | None:
    """The candidacy's window open now, if any."""
    return await ChangeWindow.one(
        conn,
        f"""SELECT {ChangeWindow.columns()} FROM change_windows
            WHERE candidacy_id = $1 AND closed_at IS NULL AND closes_at > $2""",
        candidacy_id,
        now,
    )


OPEN_AT = f"""LEFT JOIN LATERAL (SELECT {ChangeWindow.columns()} FROM change_windows
    WHERE candidacy_id = c.candidacy_id AND closed_at IS NULL AND closes_at > {{now}} LIMIT 1)
    w ON TRUE"""
"""A statement's join of its candidacy ``c`` with the window open at ``{now}``, if any (as
``open_for`` finds it), read with ``OPEN_COLUMNS`` and built by ``window_of``."""
OPEN_COLUMNS = ", ".join(f"w.{name} AS window_{name}" for name in ChangeWindow.model_fields)


def window_of(record: Record) -> ChangeWindow | None:
    """The window a statement read with ``OPEN_AT`` and ``OPEN_COLUMNS``, if one is open."""
    if record["window_request_id"] is None:
        return None
    return ChangeWindow.model_validate(
        {name: record[f"window_{name}"] for name in ChangeWindow.model_fields}
    )


async def note_edited(conn: Conn, request_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE change_windows SET edited_at = $2 WHERE request_id = $1", request_id, now
    )


async def close(conn: Conn, request_id: str, outcome: ChangeOutcome, now: datetime) -> bool:
    """Open → closed; False if it was closed already (a repeated tick)."""
    done = await conn.execute(
        """UPDATE change_windows SET closed_at = $3, outcome = $2
           WHERE request_id = $1 AND closed_at IS NULL""",
        request_id,
        outcome.value,
        now,
    )
    return bool(done == "UPDATE 1")


async def due_to_close(conn: Conn, now: datetime, limit: int = 100) -> list[ChangeWindow]:
    """Windows past their close and still open, the oldest first, locked for this tick."""
    return await ChangeWindow.many(
        conn,
        f"""SELECT {ChangeWindow.columns()} FROM change_windows
            WHERE closed_at IS NULL AND closes_at <= $1
            ORDER BY closes_at LIMIT $2 FOR UPDATE SKIP LOCKED""",
        now,
        limit,
    )
