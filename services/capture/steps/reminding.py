"""Reminding before a capture window closes: 3 days and 1 day before, to the party's
capture and supervision accounts and the candidacy's own account (notices, through
accounts). A tick may be repeated; the notice's key makes each reminder arrive once.
"""

import datetime as dt

from contracts.accounts import Scope, ScopeKind, SendScopeNotice
from contracts.envelope import new_event_id
from contracts.operations import accounts as accounts_operations
from contracts.roles import Role
from services.capture.domain.deadlines import REMINDERS, closed_on, reminder_due
from services.capture.steps.finding import election_named
from services.capture.store import windows
from services.capture.store.windows import OpenWindow
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.service_deps import ServiceDeps


def _reminder(window: OpenWindow, before: dt.timedelta, time_zone: str) -> SendScopeNotice:
    party, candidacy_id = window.capturing_party, window.candidacy_id
    scope = (
        Scope(kind=ScopeKind.PARTY, id=party)
        if party
        else Scope(kind=ScopeKind.INDEPENDENT, id=candidacy_id)
    )
    days = before.days
    when = "mañana" if days == 1 else f"en {days} días"
    return SendScopeNotice(
        election_id=window.election_id,
        scope=scope,
        candidacy_id=candidacy_id,
        roles=[Role.CAPTURIST, Role.SUPERVISOR, Role.PARTY_ADMIN],
        subject=f"La captura de la candidatura {candidacy_id} cierra {when}",
        body=(
            f"El plazo para capturar y enviar los cuestionarios de la candidatura "
            f"{candidacy_id} termina {closed_on(window.deadline_at, time_zone)}. "
            "Recuerde que hay una sola oportunidad de envío."
        ),
        key=f"recordatorio-{days}d-{candidacy_id}",
    )


async def _zone(deps: ServiceDeps, known: dict[str, str], election_id: str) -> str:
    if election_id not in known:
        known[election_id] = (await election_named(deps.pool, election_id)).time_zone
    return known[election_id]


async def send_reminders(deps: ServiceDeps, now: dt.datetime) -> None:
    services = RequestClient(deps.broker, deps.settings.bus_prefix, deps.settings.request_timeout_s)
    zones: dict[str, str] = {}
    for window in await windows.open_windows(deps.pool, now):
        due = [
            before
            for before in REMINDERS
            if f"{before.days}d" not in window.reminders_sent
            and reminder_due(window.deadline_at, now, before)
        ]
        if not due:
            continue
        try:  # only the most urgent one: a person need not hear "3 days" and "tomorrow"
            await services.ask(
                accounts_operations.NOTICE_SEND_TO_SCOPE,
                _reminder(window, min(due), await _zone(deps, zones, window.election_id)),
                request_id=str(new_event_id()),
            )
        except RequestFailed:
            continue  # accounts away: the next tick tries again
        for before in due:
            await windows.note_reminder(deps.pool, window.candidacy_id, f"{before.days}d")
