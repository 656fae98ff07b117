"""Notices of the bitácora (000 §6.2: the failure is «resuelto … e informado»; 004 §36):
the reporter and the institute's administration hear of an incident when it opens and
at each step of its lifecycle; support hears of every new one, and an account of
support of the ones assigned to it. A notice names the incident and its state, never
what the report says: the bitácora keeps that (``/incidentes/<id>``)."""

from datetime import datetime

from contracts.accounts import AccountStatus
from contracts.events.incidents import (
    IncidentAssigned,
    IncidentMoved,
    IncidentOpened,
    IncidentOverdue,
)
from contracts.incidents import MODULE_LABEL, STATUS_LABEL, IncidentStatus
from contracts.roles import Role
from contracts.spanish_dates import DEFAULT_TIME_ZONE, last_day_before, long_date, zone_name
from services.accounts.steps.notifying import notify
from services.accounts.store import accounts
from services.accounts.store.accounts import AccountFilter
from services.runtime.connections import Connection


async def _active(conn: Connection, *roles: Role) -> list[str]:
    found: list[str] = []
    for role in roles:
        which = AccountFilter(role=role, status=AccountStatus.ACTIVE)
        found += [a.account_id for a in await accounts.list_accounts(conn, which)]
    return found


def _due_words(due_at: datetime | None, time_zone: str) -> str:
    if due_at is None:
        return "Se atiende lo más pronto posible."
    zone = time_zone or DEFAULT_TIME_ZONE
    day = long_date(last_day_before(due_at, zone))
    return f"Se atiende a más tardar al terminar el {day} ({zone_name(zone)})."


def _link(incident_id: str) -> str:
    return f"Consulte el seguimiento en /incidentes/{incident_id}"


async def notify_incident_opened(conn: Connection, opened: IncidentOpened, event_id: str) -> None:
    due = _due_words(opened.due_at, opened.time_zone)
    module = MODULE_LABEL[opened.module]
    if opened.reporter is not None:
        await notify(
            conn,
            opened.reporter,
            f"Recibimos su reporte de falla {opened.folio}",
            f"El área de soporte recibió su reporte {opened.folio} ({module}). {due}\n\n"
            f"{_link(opened.incident_id)}.",
            key=f"incidente-abierto-{event_id}",
        )
    who = "un reporte" if opened.reporter is not None else "una falla que detectó el sistema"
    for account_id in await _active(conn, Role.ADMIN, Role.SUPPORT):
        if account_id == opened.reporter:
            continue
        await notify(
            conn,
            account_id,
            f"Nuevo incidente {opened.folio}: {module}",
            f"Se abrió el incidente {opened.folio} por {who} ({module}). {due}\n\n"
            f"{_link(opened.incident_id)}.",
            key=f"incidente-abierto-{event_id}",
        )


async def notify_incident_moved(conn: Connection, moved: IncidentMoved, event_id: str) -> None:
    state = STATUS_LABEL[moved.status_to]
    body = f"El incidente {moved.folio} pasó a «{state}»."
    if moved.status_to is IncidentStatus.RESOLVED:
        body += " La solución está en el seguimiento del incidente."
    reached = [] if moved.reporter is None else [moved.reporter]
    reached += [a for a in await _active(conn, Role.ADMIN) if a not in reached]
    for account_id in reached:
        if account_id == moved.by:
            continue
        await notify(
            conn,
            account_id,
            f"Incidente {moved.folio}: {state}",
            f"{body}\n\n{_link(moved.incident_id)}.",
            key=f"incidente-estado-{event_id}",
        )


async def notify_incident_assigned(
    conn: Connection, assigned: IncidentAssigned, event_id: str
) -> None:
    if assigned.assignee == assigned.by:
        return
    await notify(
        conn,
        assigned.assignee,
        f"Se le asignó el incidente {assigned.folio}",
        f"Se le asignó el incidente {assigned.folio}.\n\n{_link(assigned.incident_id)}.",
        key=f"incidente-asignado-{event_id}",
    )


async def notify_incident_overdue(
    conn: Connection, overdue: IncidentOverdue, event_id: str
) -> None:
    """Past its due day without a resolution (000 §6.2): the admin and support hear of it."""
    zone = overdue.time_zone or DEFAULT_TIME_ZONE
    day = long_date(last_day_before(overdue.due_at, zone))
    reached = await _active(conn, Role.ADMIN, Role.SUPPORT)
    if overdue.assignee is not None and overdue.assignee not in reached:
        reached.append(overdue.assignee)
    for account_id in reached:
        await notify(
            conn,
            account_id,
            f"Incidente vencido: {overdue.folio}",
            f"El incidente {overdue.folio} debía resolverse a más tardar al terminar el "
            f"{day} ({zone_name(zone)}) y sigue sin resolverse.\n\n"
            f"{_link(overdue.incident_id)}.",
            key=f"incidente-vencido-{event_id}",
        )
