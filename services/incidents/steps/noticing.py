"""Failures the system sees itself open incidents (DESIGN §7), with their trace: an event
a consumer gave up on (``bus.message_dead_lettered``: after its last delivery, or at once
when it could not be read), and a server error at the gateway. Each failure is one open
incident however often it repeats: the same poison message dead-lettered by every
consumer of it, the same route failing the same way a thousand times, count occurrences
of one incident (``store/incidents.py`` ``open_or_count``). Due as a report is."""

import datetime as dt

from contracts.envelope import new_event_id, utc_now
from contracts.events.bus import DeadLetterReason, MessageDeadLettered
from contracts.events.incidents import INCIDENT_OPENED, IncidentOpened
from contracts.incidents import (
    LINKED_TRACES_MAX,
    IncidentSource,
    LinkedTrace,
    Module,
    ServerFailure,
    folio,
)
from services.incidents.domain.due_dates import due_at
from services.incidents.domain.service_modules import module_of
from services.incidents.steps.recording import Caller, on_incident, record
from services.incidents.store import elections, incidents
from services.incidents.store.incidents import NewIncident
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

SYSTEM = Caller(system="incidents")


def _module_of(consumer: str) -> Module:
    """Durable consumers are named ``<service>__<consumer>``: the failing service's
    module."""
    return module_of(consumer.split("__", 1)[0])


def _dead_letter_text(dead: MessageDeadLettered) -> str:
    event = dead.event_type or "sin tipo legible"
    where = f"flujo {dead.stream}, mensaje {dead.stream_sequence}"
    if dead.reason is DeadLetterReason.MALFORMED:
        why = f"no es un evento legible ({dead.detail})" if dead.detail else "no es legible"
        return f"El consumidor {dead.consumer} recibió un mensaje que {why} ({where})."
    return (
        f"El consumidor {dead.consumer} no pudo procesar el evento {event} ({where}) "
        f"tras {dead.deliveries} entregas."
    )


async def open_or_count(
    conn: Connection, deps: ServiceDeps, new: NewIncident, traces: list[LinkedTrace], zone: str
) -> str:
    incident_id, opened = await incidents.open_or_count(conn, new)
    if opened or await incidents.trace_count(conn, incident_id) < LINKED_TRACES_MAX:
        await incidents.link_traces(conn, incident_id, traces)  # the first ones are enough
    if not opened:
        return incident_id
    row = await incidents.incident(conn, incident_id)
    assert row is not None
    await deps.outbox.add(
        conn,
        INCIDENT_OPENED,
        IncidentOpened(
            incident_id=incident_id,
            folio=folio(row.number),
            source=new.source,
            module=new.module,
            reporter=None,
            filed_by=None,
            due_at=new.due_at,
            time_zone=zone,
        ),
        actor=SYSTEM.actor,
        subject_id=incident_id,
    )
    await record(
        conn,
        deps.outbox,
        SYSTEM,
        "incident.open",
        on_incident(incident_id),
        {"folio": folio(row.number), "origen": new.source.value, "modulo": new.module.value},
    )
    return incident_id


async def when_due(conn: Connection, now: dt.datetime) -> tuple[dt.datetime | None, str]:
    """When it is due, and where the institute is."""
    rules = await elections.rules_for(conn, None)
    return due_at(now, rules.sla, rules.time_zone, rules.non_working_days), rules.time_zone


async def note_dead_letter(conn: Connection, deps: ServiceDeps, dead: MessageDeadLettered) -> str:
    now = utc_now()
    due, zone = await when_due(conn, now)
    new = NewIncident(
        incident_id=str(new_event_id()),
        source=IncidentSource.DEAD_LETTER,
        module=_module_of(dead.consumer),
        description=_dead_letter_text(dead),
        happened_at=now,
        received_at=now,
        due_at=due,
        fingerprint=f"evento:{dead.stream}:{dead.stream_sequence}",
    )
    traces = []
    if dead.trace_id is not None:
        what = f"evento {dead.event_type or dead.subject or 'ilegible'}"
        traces.append(LinkedTrace(trace_id=dead.trace_id, what=what[:300], failed=True, at=now))
    return await open_or_count(conn, deps, new, traces, zone)


async def note_server_failure(conn: Connection, deps: ServiceDeps, failure: ServerFailure) -> str:
    now = utc_now()
    due, zone = await when_due(conn, now)
    new = NewIncident(
        incident_id=str(new_event_id()),
        source=IncidentSource.SERVER_ERROR,
        module=Module.OTHER,
        description=f"Error del servidor en {failure.route}: {failure.error}.",
        happened_at=failure.at,
        received_at=now,
        due_at=due,
        fingerprint=f"servidor:{failure.fingerprint}",
    )
    traces = [] if failure.trace is None else [failure.trace]
    return await open_or_count(conn, deps, new, traces, zone)
