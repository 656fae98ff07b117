"""The ``change_requests`` table: each candidacy's one request to change what it
published (000 §5.4), the admin's decision and how capture finished it."""

import json
from datetime import datetime

from pydantic import Json

from contracts.change_requests import ChangeRequestChannel, ChangeRequestStatus
from contracts.profile import ChangeRequestMode
from services.runtime.typed_rows import Conn, Row


class ChangeRequest(Row):
    request_id: str
    election_id: str
    candidacy_id: str
    capturing_party: str | None
    mode: ChangeRequestMode
    changes: Json[dict[str, str]]
    note: str
    filed_by: str
    filed_role: str
    filed_at: datetime
    received_via: ChangeRequestChannel | None
    presented_by: str | None
    received_at: datetime
    due_at: datetime
    status: ChangeRequestStatus
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    approved_changes: Json[dict[str, str]] | None
    window_closes_at: datetime | None
    done_at: datetime | None

    @property
    def scope_id(self) -> str:
        return self.capturing_party or self.candidacy_id


class NewChangeRequest(Row):
    request_id: str
    election_id: str
    candidacy_id: str
    capturing_party: str | None
    mode: ChangeRequestMode
    changes: dict[str, str]
    note: str
    filed_by: str
    filed_role: str
    filed_at: datetime
    received_via: ChangeRequestChannel | None
    presented_by: str | None
    received_at: datetime
    due_at: datetime


async def insert(conn: Conn, new: NewChangeRequest) -> bool:
    """The candidacy's request; False when it already has one (once per candidacy)."""
    done = await conn.execute(
        """INSERT INTO change_requests (request_id, election_id, candidacy_id,
               capturing_party, mode, changes, note, filed_by, filed_role, filed_at, due_at,
               status, received_via, presented_by, received_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (candidacy_id) DO NOTHING""",
        new.request_id,
        new.election_id,
        new.candidacy_id,
        new.capturing_party,
        new.mode.value,
        _json(new.changes),
        new.note,
        new.filed_by,
        new.filed_role,
        new.filed_at,
        new.due_at,
        ChangeRequestStatus.FILED.value,
        None if new.received_via is None else new.received_via.value,
        new.presented_by,
        new.received_at,
    )
    return bool(done == "INSERT 0 1")


async def of_candidacy(conn: Conn, candidacy_id: str) -> ChangeRequest | None:
    return await ChangeRequest.one(
        conn,
        f"SELECT {ChangeRequest.columns()} FROM change_requests WHERE candidacy_id = $1",
        candidacy_id,
    )


async def request(conn: Conn, request_id: str, *, lock: bool = False) -> ChangeRequest | None:
    """The request; with ``lock``, held until the transaction ends (two decisions cannot
    cross)."""
    return await ChangeRequest.one(
        conn,
        f"""SELECT {ChangeRequest.columns()} FROM change_requests WHERE request_id = $1
            {"FOR UPDATE" if lock else ""}""",
        request_id,
    )


async def in_election(
    conn: Conn, election_id: str, scope_id: str | None = None, candidacy_id: str | None = None
) -> list[ChangeRequest]:
    """The election's requests (of one party's scope, or one candidacy, when given), the
    oldest first."""
    return await ChangeRequest.many(
        conn,
        f"""SELECT {ChangeRequest.columns()} FROM change_requests
            WHERE election_id = $1
              AND ($2::text IS NULL OR coalesce(capturing_party, candidacy_id) = $2)
              AND ($3::text IS NULL OR candidacy_id = $3)
            ORDER BY filed_at, request_id""",
        election_id,
        scope_id,
        candidacy_id,
    )


async def decide(
    conn: Conn,
    request_id: str,
    status: ChangeRequestStatus,
    by: str,
    now: datetime,
    reason: str | None,
    approved: dict[str, str] | None,
) -> None:
    await conn.execute(
        """UPDATE change_requests SET status = $2, decided_by = $3, decided_at = $4,
               reason = $5, approved_changes = $6::jsonb
           WHERE request_id = $1""",
        request_id,
        status.value,
        by,
        now,
        reason,
        None if approved is None else _json(approved),
    )


async def window_opened(conn: Conn, request_id: str, closes_at: datetime) -> None:
    """The named fields are open to the party (a late event does not undo a finish)."""
    await conn.execute(
        """UPDATE change_requests SET status = $2, window_closes_at = $3
           WHERE request_id = $1 AND status = $4""",
        request_id,
        ChangeRequestStatus.WINDOW_OPEN.value,
        closes_at,
        ChangeRequestStatus.APPROVED.value,
    )


async def finish(
    conn: Conn, request_id: str, status: ChangeRequestStatus, reason: str | None, now: datetime
) -> None:
    await conn.execute(
        """UPDATE change_requests SET status = $2, reason = coalesce($3, reason), done_at = $4
           WHERE request_id = $1 AND done_at IS NULL""",
        request_id,
        status.value,
        reason,
        now,
    )


def _json(value: dict[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False)
