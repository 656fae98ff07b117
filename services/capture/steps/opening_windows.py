"""Opening capture windows.

A party's (or independent's) candidacies get their 15-day window when accounts records
the delivery of their accounts (000 §3.2: that moment starts it); a candidacy registered
after its party's delivery gets its window from its registration. A substitute gets 5
days from the delivery of its accounts (000 §3.14, 001 §21, 004 §21): the delivery the
institute records for it after the substitution, or its party's first one. Deadlines
are ``domain/deadlines.py``.
"""

import datetime as dt

from contracts.accounts import CredentialsDelivered, ScopeKind
from services.capture.domain.deadlines import window_closes
from services.capture.steps.finding import election_named
from services.capture.store import elections, windows
from services.capture.store.windows import DeliveredScope
from services.runtime.connections import Connection


def _scope_of(candidacy_id: str, party: str | None) -> DeliveredScope:
    return (ScopeKind.PARTY, party) if party else (ScopeKind.INDEPENDENT, candidacy_id)


async def open_on_delivery(conn: Connection, delivered: CredentialsDelivered) -> None:
    """A scope's accounts were delivered: its candidacies' windows open now."""
    election = await elections.election(conn, delivered.election_id)
    if election is None:
        return
    capture, at = election.profile.capture, delivered.delivered_at

    def closes(days: int) -> dt.datetime:
        return window_closes(at, days, election.time_zone)

    if delivered.candidacy_id is not None:  # a substitute's own accounts
        if await windows.waiting_substitute(conn, delivered.election_id, delivered.candidacy_id):
            days = capture.window_days_after_substitution
            await windows.open_window(conn, delivered.candidacy_id, at, closes(days))
        return
    scope: DeliveredScope = (delivered.scope.kind, delivered.scope.id)
    await windows.record_delivery(conn, delivered.election_id, scope, at)
    for candidacy_id, substitute in await windows.windows_to_open(
        conn, delivered.election_id, scope
    ):
        days = capture.window_days_after_substitution if substitute else capture.window_days
        await windows.open_window(conn, candidacy_id, at, closes(days))


async def open_windows_of_new(
    conn: Connection,
    election_id: str,
    registered: list[tuple[str, str | None, str | None]],
    now: dt.datetime,
) -> None:
    """(candidacy, capturing party, replaces) just registered: 15 days where the party's
    accounts were delivered already; a substitute waits for the delivery of its own."""
    election = await election_named(conn, election_id)
    delivered = await windows.delivered_scopes(conn, election_id)
    closes = window_closes(now, election.profile.capture.window_days, election.time_zone)
    opening = [
        candidacy_id
        for candidacy_id, party, replaces in registered
        if replaces is None and _scope_of(candidacy_id, party) in delivered
    ]
    if opening:
        await windows.open_windows_of(conn, opening, now, closes)
