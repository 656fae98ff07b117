"""Opening capture windows.

A party's (or independent's) candidacies get their 15-day window when accounts records
the delivery of their accounts (000 §3.2: that moment starts it); a substitute gets 5
days from its registration (000 §3.14); a candidacy registered after its party's
delivery gets its window from its registration. Deadlines are ``domain/deadlines.py``.
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
    scope: DeliveredScope = (delivered.scope.kind, delivered.scope.id)
    await windows.record_delivery(conn, delivered.election_id, scope, delivered.delivered_at)
    closes = window_closes(
        delivered.delivered_at, election.profile.capture.window_days, election.time_zone
    )
    for candidacy_id in await windows.windows_to_open(conn, delivered.election_id, scope):
        await windows.open_window(conn, candidacy_id, delivered.delivered_at, closes)


async def open_windows_of_new(
    conn: Connection,
    election_id: str,
    registered: list[tuple[str, str | None, str | None]],
    now: dt.datetime,
) -> None:
    """(candidacy, capturing party, replaces) just registered: substitutes get 5 days,
    others 15 once their party's accounts were delivered."""
    election = await election_named(conn, election_id)
    capture = election.profile.capture
    delivered = await windows.delivered_scopes(conn, election_id)
    for candidacy_id, party, replaces in registered:
        if replaces is not None:
            days = capture.window_days_after_substitution
        elif _scope_of(candidacy_id, party) in delivered:
            days = capture.window_days
        else:
            continue
        await windows.open_window(
            conn, candidacy_id, now, window_closes(now, days, election.time_zone)
        )
