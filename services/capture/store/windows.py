"""Capture windows: the ``deliveries`` of each scope's accounts (000 §3.2: they open the
window), and each candidacy's window and the reminders sent before it closes (columns
of ``candidacies``)."""

from dataclasses import dataclass
from datetime import datetime

from contracts.accounts import ScopeKind
from services.capture.domain.formulas import Status
from services.capture.domain.one_chance import CaptureStatus
from services.capture.store import Conn

DeliveredScope = tuple[ScopeKind, str]
"""A party's (``ScopeKind.PARTY``, party) or an independent's (``INDEPENDENT``, candidacy)."""


@dataclass(frozen=True)
class OpenWindow:
    """A draft whose window is open: what its reminders need."""

    candidacy_id: str
    election_id: str
    capturing_party: str | None
    deadline_at: datetime
    reminders_sent: list[str]


async def record_delivery(
    conn: Conn, election_id: str, scope: DeliveredScope, delivered_at: datetime
) -> None:
    kind, scope_id = scope
    await conn.execute(
        "INSERT INTO deliveries (election_id, scope_kind, scope_id, delivered_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        election_id,
        kind.value,
        scope_id,
        delivered_at,
    )


async def delivered_scopes(conn: Conn, election_id: str) -> set[DeliveredScope]:
    rows = await conn.fetch(
        "SELECT scope_kind, scope_id FROM deliveries WHERE election_id = $1", election_id
    )
    return {(ScopeKind(row["scope_kind"]), row["scope_id"]) for row in rows}


WAITING = "status = $3 AND deadline_at IS NULL AND election_id = $1 AND "
WAITING_OF = {
    ScopeKind.PARTY: WAITING + "capturing_party = $2 AND capturing_party IS NOT NULL",
    ScopeKind.INDEPENDENT: WAITING + "candidacy_id = $2 AND capturing_party IS NULL",
}
"""A scope's live candidacies whose window has not opened: a party's, or an independent's."""


async def windows_to_open(
    conn: Conn, election_id: str, scope: DeliveredScope
) -> list[tuple[str, bool]]:
    """Live candidacies of a party or independent whose window has not opened yet, each
    with whether it substitutes another."""
    kind, scope_id = scope
    rows = await conn.fetch(
        f"SELECT candidacy_id, replaces IS NOT NULL AS substitute FROM candidacies "
        f"WHERE {WAITING_OF[kind]}",
        election_id,
        scope_id,
        Status.REGISTERED.value,
    )
    return [(row["candidacy_id"], row["substitute"]) for row in rows]


async def waiting_substitute(conn: Conn, election_id: str, candidacy_id: str) -> bool:
    """The candidacy is a live substitute of the election whose window has not opened."""
    found = await conn.fetchval(
        "SELECT true FROM candidacies WHERE candidacy_id = $1 AND election_id = $2 "
        "AND status = $3 AND replaces IS NOT NULL AND deadline_at IS NULL",
        candidacy_id,
        election_id,
        Status.REGISTERED.value,
    )
    return bool(found)


async def open_window(conn: Conn, candidacy_id: str, opened: datetime, closes: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET window_opened_at = $2, deadline_at = $3 "
        "WHERE candidacy_id = $1 AND deadline_at IS NULL",
        candidacy_id,
        opened,
        closes,
    )


async def open_windows_of(
    conn: Conn, candidacy_ids: list[str], opened: datetime, closes: datetime
) -> None:
    """``open_window`` for many candidacies at once (an import's), in one statement."""
    await conn.execute(
        "UPDATE candidacies SET window_opened_at = $2, deadline_at = $3 "
        "WHERE candidacy_id = ANY($1::text[]) AND deadline_at IS NULL",
        candidacy_ids,
        opened,
        closes,
    )


async def open_windows(conn: Conn, now: datetime) -> list[OpenWindow]:
    """Drafts whose window is open now, for reminders."""
    rows = await conn.fetch(
        "SELECT candidacy_id, election_id, capturing_party, deadline_at, reminders_sent "
        "FROM candidacies WHERE status = $2 AND capture_status = $3 AND deadline_at > $1",
        now,
        Status.REGISTERED.value,
        CaptureStatus.DRAFT.value,
    )
    return [
        OpenWindow(
            row["candidacy_id"],
            row["election_id"],
            row["capturing_party"],
            row["deadline_at"],
            list(row["reminders_sent"]),
        )
        for row in rows
    ]


async def note_reminder(conn: Conn, candidacy_id: str, key: str) -> None:
    await conn.execute(
        "UPDATE candidacies SET reminders_sent = array_append(reminders_sent, $2) "
        "WHERE candidacy_id = $1 AND NOT ($2 = ANY(reminders_sent))",
        candidacy_id,
        key,
    )


async def extend_window(
    conn: Conn, candidacy_id: str, deadline: datetime, reason: str, by: str, now: datetime
) -> None:
    """The window now closes at ``deadline``; its reminders are due again before it."""
    await conn.execute(
        "UPDATE candidacies SET deadline_at = $2, reminders_sent = '{}' WHERE candidacy_id = $1",
        candidacy_id,
        deadline,
    )
    await conn.execute(
        "INSERT INTO window_extensions (candidacy_id, deadline_at, reason, extended_by, "
        "extended_at) VALUES ($1, $2, $3, $4, $5)",
        candidacy_id,
        deadline,
        reason,
        by,
        now,
    )
