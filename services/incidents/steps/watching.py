"""What the incidents service watches by itself, on its timers (services/incidents/
timers.py):

- incidents past their due day without a resolution are flagged, once, with a note in
  the bitácora and a notice to the admin and support (``incident.overdue``);
- every other service answers its health check; one that has not answered healthy for
  ``HEALTH_GRACE`` opens an incident (one per service while it stays open, counting each
  failed check), with what its answer said. A service starting up, or one check lost,
  is no incident."""

import datetime as dt

from contracts.envelope import new_event_id
from contracts.events.incidents import INCIDENT_OVERDUE, IncidentOverdue
from contracts.health import HealthStatus, health_check
from contracts.incidents import IncidentSource, folio
from contracts.requests import Empty
from contracts.services import BACKEND_SERVICES, ServiceName
from services.incidents.domain.service_modules import module_of
from services.incidents.steps.noticing import SYSTEM, open_or_count, when_due
from services.incidents.steps.recording import on_incident, record
from services.incidents.store import elections, incidents, service_checks
from services.incidents.store.incidents import NewIncident
from services.runtime.connections import Connection
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.service_deps import ServiceDeps

OVERDUE_BATCH = 100
HEALTH_GRACE = dt.timedelta(minutes=2)


async def flag_overdue(conn: Connection, deps: ServiceDeps, now: dt.datetime) -> int:
    """How many were flagged now."""
    due = await incidents.newly_overdue(conn, now, OVERDUE_BATCH)
    zone = (await elections.rules_for(conn, None)).time_zone
    for row in due:
        assert row.due_at is not None
        await incidents.flag_overdue(conn, row.incident_id, now)
        await incidents.add_note(
            conn, row.incident_id, now, None, "Venció sin resolverse; se avisó a la administración."
        )
        await deps.outbox.add(
            conn,
            INCIDENT_OVERDUE,
            IncidentOverdue(
                incident_id=row.incident_id,
                folio=folio(row.number),
                due_at=row.due_at,
                assignee=row.assignee,
                time_zone=zone,
            ),
            actor=SYSTEM.actor,
            subject_id=row.incident_id,
        )
        await record(
            conn,
            deps.outbox,
            SYSTEM,
            "incident.overdue",
            on_incident(row.incident_id),
            {"folio": folio(row.number)},
        )
    return len(due)


async def check_services(deps: ServiceDeps, now: dt.datetime) -> list[ServiceName]:
    """The services that did not answer healthy; each opens (or counts in) its incident."""
    client = RequestClient(deps.broker, deps.settings.bus_prefix, deps.settings.health_timeout_s)
    failing: list[ServiceName] = []
    for service in BACKEND_SERVICES:
        if service is ServiceName.INCIDENTS:
            continue
        why = await _unhealthy(client, service)
        async with deps.pool.acquire() as conn, conn.transaction():
            if why is None:
                await service_checks.healthy(conn, service)
                continue
            failing.append(service)
            if await service_checks.failing_since(conn, service, now) > now - HEALTH_GRACE:
                continue
            due, zone = await when_due(conn, now)
            new = NewIncident(
                incident_id=str(new_event_id()),
                source=IncidentSource.HEALTH_CHECK,
                module=module_of(service),
                description=f"El servicio «{service}» no respondió sano a su revisión: {why}"[
                    :2000
                ],
                happened_at=now,
                received_at=now,
                due_at=due,
                fingerprint=f"salud:{service}",
            )
            await open_or_count(conn, deps, new, [], zone)
    return failing


async def _unhealthy(client: RequestClient, service: ServiceName) -> str | None:
    """Why the service is not healthy; None when it is."""
    try:
        health = await client.ask(health_check(service), Empty(), request_id="salud")
    except RequestFailed as failed:
        return failed.error.detail
    if health.status is HealthStatus.UP:
        return None
    down = [name for name, state in health.checks.items() if state is not HealthStatus.UP]
    return f"sin {', '.join(down)}" if down else health.detail or "abajo"
