"""Support works an incident (000 §6.2, 004 §36): takes it, assigns it to a support
account, writes notes, resolves it and reports the resolution back; each step is written
in the incident's notes and the activity log, and its event lets accounts tell the
reporter and the admin. The lifecycle's rules are ``domain/lifecycle.py``."""

from contracts.envelope import utc_now
from contracts.events.incidents import (
    INCIDENT_ASSIGNED,
    INCIDENT_MOVED,
    IncidentAssigned,
    IncidentMoved,
)
from contracts.incidents import (
    STATUS_LABEL,
    AssignIncident,
    IncidentStatus,
    IncidentView,
    MoveIncident,
    NoteIncident,
    folio,
)
from services.incidents.domain.errors import NO_INCIDENT, NotFound, Refused
from services.incidents.domain.lifecycle import check_may_work, check_move
from services.incidents.steps.recording import SignedIn, on_incident, record
from services.incidents.steps.viewing import whole_view
from services.incidents.store import incidents
from services.incidents.store.incidents import IncidentRow
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def _held(conn: Connection, incident_id: str, caller: SignedIn) -> IncidentRow:
    check_may_work(caller.principal)
    row = await incidents.locked(conn, incident_id)
    if row is None:
        raise NotFound(NO_INCIDENT)
    return row


async def move(
    conn: Connection, deps: ServiceDeps, order: MoveIncident, caller: SignedIn
) -> IncidentView:
    row = await _held(conn, order.incident_id, caller)
    check_move(row.status, order.to, order.note)
    now, by = utc_now(), caller.principal.account_id
    resolved = row.resolved_at if order.to is not IncidentStatus.IN_PROGRESS else None
    if order.to is IncidentStatus.RESOLVED:
        resolved = now
    if not await incidents.move(conn, row.incident_id, order.to, resolved):
        raise Refused(
            "La misma falla ya tiene otro incidente abierto desde que este se resolvió: "
            "atienda ese."
        )
    text = (order.note or "").strip() or f"Pasa a «{STATUS_LABEL[order.to]}»."
    await incidents.add_note(conn, row.incident_id, now, by, text, (row.status, order.to))
    await deps.outbox.add(
        conn,
        INCIDENT_MOVED,
        IncidentMoved(
            incident_id=row.incident_id,
            folio=folio(row.number),
            status_from=row.status,
            status_to=order.to,
            reporter=row.reporter,
            assignee=row.assignee,
            by=by,
        ),
        actor=caller.actor,
        subject_id=row.incident_id,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "incident.move",
        on_incident(row.incident_id),
        {"folio": folio(row.number), "de": row.status.value, "a": order.to.value},
    )
    return await whole_view(conn, row.incident_id, now)


async def assign(
    conn: Connection, deps: ServiceDeps, order: AssignIncident, caller: SignedIn
) -> IncidentView:
    row = await _held(conn, order.incident_id, caller)
    now, by = utc_now(), caller.principal.account_id
    await incidents.assign(conn, row.incident_id, order.assignee)
    taken = "Tomó el incidente." if order.assignee == by else "Asignó el incidente."
    await incidents.add_note(conn, row.incident_id, now, by, taken)
    await deps.outbox.add(
        conn,
        INCIDENT_ASSIGNED,
        IncidentAssigned(
            incident_id=row.incident_id, folio=folio(row.number), assignee=order.assignee, by=by
        ),
        actor=caller.actor,
        subject_id=row.incident_id,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "incident.assign",
        on_incident(row.incident_id),
        {"folio": folio(row.number), "asignado_a": order.assignee},
    )
    return await whole_view(conn, row.incident_id, now)


async def note(
    conn: Connection, deps: ServiceDeps, order: NoteIncident, caller: SignedIn
) -> IncidentView:
    row = await _held(conn, order.incident_id, caller)
    now = utc_now()
    await incidents.add_note(
        conn, row.incident_id, now, caller.principal.account_id, order.note.strip()
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "incident.note",
        on_incident(row.incident_id),
        {"folio": folio(row.number)},
    )
    return await whole_view(conn, row.incident_id, now)
