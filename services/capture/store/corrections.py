"""The ``corrections`` table: each request of a supervisor that the institute correct a
submitted candidacy (000 §4.3), and the institute's decision on it."""

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.events.capture import CorrectionOutcome
from services.capture.store import Conn

COLUMNS = (
    "r.correction_id, r.candidacy_id, r.fields, r.note, r.requested_by, r.requested_at, "
    "r.decided_by, r.decided_at, r.outcome, r.reason"
)


@dataclass(frozen=True)
class Correction:
    correction_id: str
    candidacy_id: str
    fields: list[str]
    note: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    outcome: CorrectionOutcome | None  # None: still pending
    reason: str | None  # why it was declined

    @property
    def pending(self) -> bool:
        return self.decided_at is None


def _correction(row: asyncpg.Record) -> Correction:
    outcome = row["outcome"]
    return Correction(
        correction_id=row["correction_id"],
        candidacy_id=row["candidacy_id"],
        fields=list(row["fields"]),
        note=row["note"],
        requested_by=row["requested_by"],
        requested_at=row["requested_at"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        outcome=None if outcome is None else CorrectionOutcome(outcome),
        reason=row["reason"],
    )


async def insert_correction(
    conn: Conn,
    correction_id: str,
    candidacy_id: str,
    fields: list[str],
    note: str,
    by: str,
    now: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO corrections (correction_id, candidacy_id, fields, note, requested_by, "
        "requested_at) VALUES ($1, $2, $3, $4, $5, $6)",
        correction_id,
        candidacy_id,
        fields,
        note,
        by,
        now,
    )


async def correction_for_update(conn: Conn, correction_id: str) -> Correction | None:
    """The request, locked until the transaction ends (two decisions cannot cross)."""
    row = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM corrections r WHERE r.correction_id = $1 FOR UPDATE",
        correction_id,
    )
    return None if row is None else _correction(row)


async def correction(conn: Conn, correction_id: str) -> Correction | None:
    row = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM corrections r WHERE r.correction_id = $1", correction_id
    )
    return None if row is None else _correction(row)


async def pending_in_election(conn: Conn, election_id: str) -> list[Correction]:
    """The election's undecided requests, the oldest first."""
    rows = await conn.fetch(
        f"SELECT {COLUMNS} FROM corrections r JOIN candidacies c USING (candidacy_id) "
        "WHERE c.election_id = $1 AND r.decided_at IS NULL ORDER BY r.requested_at",
        election_id,
    )
    return [_correction(row) for row in rows]


async def has_pending(conn: Conn, candidacy_id: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM corrections WHERE candidacy_id = $1 "
            "AND decided_at IS NULL)",
            candidacy_id,
        )
    )


async def decide(
    conn: Conn,
    correction_id: str,
    outcome: CorrectionOutcome,
    reason: str | None,
    by: str,
    now: datetime,
) -> bool:
    """Pending → decided; False if it was already decided."""
    done = await conn.execute(
        "UPDATE corrections SET outcome = $2, reason = $3, decided_by = $4, decided_at = $5 "
        "WHERE correction_id = $1 AND decided_at IS NULL",
        correction_id,
        outcome.value,
        reason,
        by,
        now,
    )
    return bool(done == "UPDATE 1")
