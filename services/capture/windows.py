"""Opening capture windows and reminding before they close.

A party's (or independent's) candidacies get their 15-day window when accounts records
the delivery of their accounts (000 §3.2: that moment starts it); a substitute gets 5
days from its registration (000 §3.14); a candidacy registered after its party's
delivery gets its window from its registration. Reminders go 3 days and 1 day before
the close to the party's capture and supervision accounts and the candidacy's own
account (notices, through accounts); the timer may repeat a tick, the notice's key makes
each reminder arrive once.
"""

import datetime as dt
import json

import asyncpg

from contracts.accounts import (
    CREDENTIALS_DELIVERED,
    CredentialsDelivered,
    Scope,
    ScopeKind,
    SendScopeNotice,
)
from contracts.envelope import EventEnvelope, new_event_id, utc_now
from contracts.profile import InstituteProfile
from contracts.roles import Role
from contracts.services import ServiceName
from services.capture import store
from services.capture.domain.deadlines import REMINDERS, reminder_due, window_closes
from services.runtime.inbox import EventConsumer
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def _profile(conn: asyncpg.Connection, election_id: str) -> tuple[InstituteProfile, str]:
    election = await store.election(conn, election_id)
    if election is None:
        raise LookupError(election_id)
    profile = InstituteProfile.model_validate_json(election["profile"])
    zone = str(json.loads(election["config"]).get("time_zone") or profile.time_zone)
    return profile, zone


async def credentials_delivered(
    deps: ServiceDeps, conn: asyncpg.Connection, event: EventEnvelope
) -> None:
    delivered = CredentialsDelivered.model_validate(event.data)
    if await store.election(conn, delivered.election_id) is None:
        return
    profile, zone = await _profile(conn, delivered.election_id)
    scope = delivered.scope
    await store.record_delivery(
        conn, delivered.election_id, scope.kind.value, scope.id, delivered.delivered_at
    )
    closes = window_closes(delivered.delivered_at, profile.capture.window_days, zone)
    for row in await store.windows_to_open(conn, delivered.election_id, scope.kind.value, scope.id):
        await store.open_window(conn, row["candidacy_id"], delivered.delivered_at, closes)


async def open_windows_of_new(
    conn: asyncpg.Connection,
    election_id: str,
    registered: list[tuple[str, str | None, str | None]],
    now: dt.datetime,
) -> None:
    """(candidacy, capturing party, replaces) just registered: substitutes get 5 days,
    others 15 once their party's accounts were delivered."""
    profile, zone = await _profile(conn, election_id)
    delivered = await store.delivered_scopes(conn, election_id)
    for candidacy_id, party, replaces in registered:
        if replaces is not None:
            days = profile.capture.window_days_after_substitution
        elif (("party", party) if party else ("independent", candidacy_id)) in delivered:
            days = profile.capture.window_days
        else:
            continue
        await store.open_window(conn, candidacy_id, now, window_closes(now, days, zone))


DELIVERY_CONSUMER = EventConsumer(
    name="open_capture_windows",
    producer=ServiceName.ACCOUNTS,
    event_type=CREDENTIALS_DELIVERED.event_type,
    version=CREDENTIALS_DELIVERED.version,
    handler=credentials_delivered,
)


def _reminder(row: asyncpg.Record, before: dt.timedelta) -> SendScopeNotice:
    party = row["capturing_party"]
    scope = (
        Scope(kind=ScopeKind.PARTY, id=party)
        if party
        else Scope(kind=ScopeKind.INDEPENDENT, id=row["candidacy_id"])
    )
    days = before.days
    when = "mañana" if days == 1 else f"en {days} días"
    return SendScopeNotice(
        election_id=row["election_id"],
        scope=scope,
        candidacy_id=row["candidacy_id"],
        roles=[Role.CAPTURIST, Role.SUPERVISOR, Role.PARTY_ADMIN],
        subject=f"La captura de la candidatura {row['candidacy_id']} cierra {when}",
        body=(
            f"El plazo para capturar y enviar los cuestionarios de la candidatura "
            f"{row['candidacy_id']} vence el {row['deadline_at']:%d/%m/%Y a las %H:%M} (UTC). "
            "Recuerde que hay una sola oportunidad de envío (000 §3.16)."
        ),
        key=f"recordatorio-{days}d-{row['candidacy_id']}",
    )


async def send_reminders(deps: ServiceDeps) -> None:
    services = RequestClient(deps.broker, deps.settings.bus_prefix, deps.settings.request_timeout_s)
    now = utc_now()
    for row in await store.open_windows(deps.pool, now):
        due = [
            before
            for before in REMINDERS
            if f"{before.days}d" not in row["reminders_sent"]
            and reminder_due(row["deadline_at"], now, before)
        ]
        if not due:
            continue
        try:  # only the most urgent one: a person need not hear "3 days" and "tomorrow"
            await services.call(
                ServiceName.ACCOUNTS,
                "notice.send_to_scope",
                _reminder(row, min(due)),
                request_id=str(new_event_id()),
            )
        except RequestFailed:
            continue  # accounts away: the next tick tries again
        for before in due:
            await store.note_reminder(deps.pool, row["candidacy_id"], f"{before.days}d")


REMINDER_TIMER = Timer("capture.deadline-reminders", 60.0, send_reminders)
