"""The bitácora over a real NATS and a real PostgreSQL: a person's report and who sees it,
support working it through its lifecycle, a poison message becoming exactly one
incident, and a server error repeated becoming one incident that counts."""

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from contracts import subjects
from contracts.errors import ErrorCode
from contracts.events.capture import ELECTION_CONFIGURED
from contracts.incidents import (
    AnomalyKind,
    FileReport,
    IncidentList,
    IncidentQuery,
    IncidentRef,
    IncidentSource,
    IncidentStatus,
    IncidentView,
    LinkedTrace,
    Module,
    MoveIncident,
    ServerFailure,
)
from contracts.operations import Operation
from contracts.operations import incidents as operations
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.capture.service import definition as capture
from services.incidents.service import definition as incidents
from services.incidents.steps import watching
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.runtime.requests import RequestClient, RequestFailed
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)

CAPTURIST = Principal(account_id="capturista-pan", role=Role.CAPTURIST, party_id="pan")
OTHER = Principal(account_id="capturista-pri", role=Role.CAPTURIST, party_id="pri")
SUPPORT = Principal(account_id="soporte-1", role=Role.SUPPORT)
ADMIN = Principal(account_id="admin-1", role=Role.ADMIN)
NOW = dt.datetime.now(dt.UTC)
FAILING = LinkedTrace(
    trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
    what="POST /captura/candidaturas/{candidacy_id}/curricular",
    status=500,
    failed=True,
    at=NOW,
)


async def ask(
    host: ServiceHost, operation: Operation[Any, Any], payload: Any, who: Principal | None
) -> object:
    assert host.deps is not None
    client = RequestClient(host.deps.broker, host.settings.bus_prefix, 10)
    return await client.ask(operation, payload, request_id="prueba", principal=who)


def report(description: str = "Al guardar el cuestionario curricular sale un error.") -> FileReport:
    return FileReport(
        happened_at=NOW - dt.timedelta(minutes=5),
        module=Module.CAPTURE,
        anomaly=AnomalyKind.NOT_SAVED,
        description=description,
        traces=[FAILING],
    )


async def listed(host: ServiceHost, who: Principal, **query: object) -> IncidentList:
    found = await ask(host, operations.INCIDENT_LIST, IncidentQuery(**query), who)
    assert isinstance(found, IncidentList)
    return found


async def test_a_report_is_seen_by_its_reporter_and_support_and_by_no_one_else(
    fresh: Settings,
) -> None:
    async with running(fresh, incidents) as (host,):
        filed = await ask(host, operations.REPORT_FILE, report(), CAPTURIST)
        assert isinstance(filed, IncidentView)
        assert filed.folio.startswith("INC-") and filed.status is IncidentStatus.RECEIVED
        assert filed.reporter == CAPTURIST.account_id and filed.due_at is not None
        assert [t.trace_id for t in filed.traces] == [FAILING.trace_id]
        assert filed.traces[0].failed
        await ask(host, operations.REPORT_FILE, report("No puedo entrar desde ayer."), OTHER)

        mine = await listed(host, CAPTURIST)
        assert [i.incident_id for i in mine.incidents] == [filed.incident_id]
        # asking for someone else's reports still gives only one's own
        theirs = await listed(host, CAPTURIST, reporter=OTHER.account_id)
        assert [i.incident_id for i in theirs.incidents] == [filed.incident_id]
        with pytest.raises(RequestFailed) as refused:
            await ask(
                host, operations.INCIDENT_GET, IncidentRef(incident_id=filed.incident_id), OTHER
            )
        assert refused.value.error.code is ErrorCode.NOT_FOUND

        everything = await listed(host, SUPPORT)
        assert everything.total == 2
        by_reporter = await listed(host, ADMIN, reporter=OTHER.account_id)
        assert [i.reporter for i in by_reporter.incidents] == [OTHER.account_id]

        with pytest.raises(RequestFailed) as not_theirs:
            move = MoveIncident(incident_id=filed.incident_id, to=IncidentStatus.IN_PROGRESS)
            await ask(host, operations.INCIDENT_MOVE, move, CAPTURIST)
        assert "soporte" in not_theirs.value.error.detail

        assert host.deps is not None
        actions = await host.deps.pool.fetch(
            "SELECT envelope->'data'->>'action' AS action, envelope->'data'->>'outcome' AS outcome "
            "FROM outbox WHERE envelope->>'type' = 'activity.recorded' ORDER BY seq"
        )
        assert [(r["action"], r["outcome"]) for r in actions] == [
            ("incident.report", "ok"),
            ("incident.report", "ok"),
            ("incident.get", "invalid"),  # the refusals too
            ("incident.move", "denied"),
        ]


async def test_support_resolves_and_reports_back_and_each_step_is_written_down(
    fresh: Settings,
) -> None:
    async with running(fresh, incidents) as (host,):
        filed = await ask(host, operations.REPORT_FILE, report(), CAPTURIST)
        assert isinstance(filed, IncidentView)
        ref = filed.incident_id
        await ask(
            host,
            operations.INCIDENT_MOVE,
            MoveIncident(incident_id=ref, to=IncidentStatus.IN_PROGRESS),
            SUPPORT,
        )
        with pytest.raises(RequestFailed) as unwritten:
            await ask(
                host,
                operations.INCIDENT_MOVE,
                MoveIncident(incident_id=ref, to=IncidentStatus.RESOLVED),
                SUPPORT,
            )
        assert "queda en la bitácora" in unwritten.value.error.detail
        solution = "Se corrigió el límite de caracteres del campo; la captura ya se guarda."
        resolved = await ask(
            host,
            operations.INCIDENT_MOVE,
            MoveIncident(incident_id=ref, to=IncidentStatus.RESOLVED, note=solution),
            SUPPORT,
        )
        told = "Se informó a la persona por correo que ya puede guardar."
        done = await ask(
            host,
            operations.INCIDENT_MOVE,
            MoveIncident(incident_id=ref, to=IncidentStatus.REPORTED_BACK, note=told),
            SUPPORT,
        )
        assert isinstance(resolved, IncidentView) and isinstance(done, IncidentView)
        assert done.status is IncidentStatus.REPORTED_BACK and not done.overdue
        assert [(n.status_to, n.author) for n in done.notes] == [
            (IncidentStatus.IN_PROGRESS, SUPPORT.account_id),
            (IncidentStatus.RESOLVED, SUPPORT.account_id),
            (IncidentStatus.REPORTED_BACK, SUPPORT.account_id),
        ]
        assert done.notes[1].text == solution
        seen_by_reporter = await ask(
            host, operations.INCIDENT_GET, IncidentRef(incident_id=ref), CAPTURIST
        )
        assert isinstance(seen_by_reporter, IncidentView)
        assert seen_by_reporter.status is IncidentStatus.REPORTED_BACK

        assert host.deps is not None
        moved = await host.deps.pool.fetch(
            "SELECT envelope->'data' AS data FROM outbox "
            "WHERE envelope->>'type' = 'incident.moved' ORDER BY seq"
        )
        steps = [json.loads(r["data"])["status_to"] for r in moved]
        assert steps == ["in_progress", "resolved", "reported_back"]
        assert all(json.loads(r["data"])["reporter"] == CAPTURIST.account_id for r in moved)


async def test_a_poison_message_becomes_exactly_one_incident(fresh: Settings) -> None:
    async with running(fresh, capture, moderation, publication, incidents) as hosts:
        host = hosts[-1]
        assert host.deps is not None
        js = host.deps.broker.connection.jetstream()
        subject = subjects.event_subject(
            fresh.bus_prefix,
            ServiceName.CAPTURE,
            ELECTION_CONFIGURED.event_type,
            ELECTION_CONFIGURED.version,
        )
        ack = await js.publish(subject, b'{"contenido": "secreto del mensaje"}')
        # moderation's and publication's consumers of it each give up on it
        found = await eventually(
            lambda: listed(host, SUPPORT, source=IncidentSource.DEAD_LETTER),
            lambda page: page.total == 1 and page.incidents[0].occurrences == 2,
            what="one incident counting both consumers that gave up",
        )
        (incident,) = found.incidents
        assert f"mensaje {ack.seq}" in incident.description and "no es" in incident.description
        assert incident.status is IncidentStatus.RECEIVED and incident.due_at is not None
        assert incident.module in (Module.MODERATION, Module.PUBLICATION)
        assert "secreto" not in incident.description  # never the payload itself
        opened = await host.deps.pool.fetchval(
            "SELECT count(*) FROM outbox WHERE envelope->>'type' = 'incident.opened'"
        )
        assert opened == 1


async def test_a_server_error_repeated_is_one_incident_counting_its_occurrences(
    fresh: Settings,
) -> None:
    async with running(fresh, incidents) as (host,):

        def failure(trace: str, fingerprint: str = "POST /captura/{id}:KeyError") -> ServerFailure:
            return ServerFailure(
                fingerprint=fingerprint,
                route="POST /captura/{id}",
                error="KeyError",
                at=NOW,
                trace=FAILING.model_copy(update={"trace_id": trace}),
            )

        for n in range(3):
            await ask(host, operations.SERVER_FAILURE, failure(f"{n:032x}"), None)
        await ask(host, operations.SERVER_FAILURE, failure("f" * 32, "GET /x:ValueError"), None)
        page = await listed(host, SUPPORT, source=IncidentSource.SERVER_ERROR)
        assert sorted(i.occurrences for i in page.incidents) == [1, 3]
        grouped = next(i for i in page.incidents if i.occurrences == 3)
        whole = await ask(
            host, operations.INCIDENT_GET, IncidentRef(incident_id=grouped.incident_id), SUPPORT
        )
        assert isinstance(whole, IncidentView)
        assert sorted(t.trace_id for t in whole.traces) == [f"{n:032x}" for n in range(3)]

        # Resolved, the same failure seen again is a new incident.
        ref = grouped.incident_id
        note = "Se corrigió la validación del formulario."
        await ask(
            host,
            operations.INCIDENT_MOVE,
            MoveIncident(incident_id=ref, to=IncidentStatus.RESOLVED, note=note),
            SUPPORT,
        )
        await ask(host, operations.SERVER_FAILURE, failure("e" * 32), None)
        again = await listed(host, SUPPORT, source=IncidentSource.SERVER_ERROR)
        assert again.total == 3
        # and the resolved one cannot be taken up again while the new one is open
        with pytest.raises(RequestFailed) as refused:
            await ask(
                host,
                operations.INCIDENT_MOVE,
                MoveIncident(incident_id=ref, to=IncidentStatus.IN_PROGRESS),
                SUPPORT,
            )
        assert "otro incidente abierto" in refused.value.error.detail


async def test_an_incident_past_its_due_is_flagged_once_and_told(fresh: Settings) -> None:
    async with running(fresh, incidents) as (host,):
        filed = await ask(host, operations.REPORT_FILE, report(), CAPTURIST)
        assert isinstance(filed, IncidentView) and filed.due_at is not None
        assert host.deps is not None
        deps = host.deps
        later = filed.due_at + dt.timedelta(minutes=1)
        async with deps.pool.acquire() as conn, conn.transaction():
            assert (
                await watching.flag_overdue(conn, deps, filed.due_at - dt.timedelta(minutes=1)) == 0
            )
            assert await watching.flag_overdue(conn, deps, later) == 1
            assert await watching.flag_overdue(conn, deps, later) == 0  # once
        told = await deps.pool.fetch(
            "SELECT envelope->'data'->>'folio' AS folio FROM outbox "
            "WHERE envelope->>'type' = 'incident.overdue'"
        )
        assert [r["folio"] for r in told] == [filed.folio]
        whole = await ask(
            host, operations.INCIDENT_GET, IncidentRef(incident_id=filed.incident_id), SUPPORT
        )
        assert isinstance(whole, IncidentView)
        assert whole.notes[-1].author is None and "Venció" in whole.notes[-1].text


async def test_a_service_failing_its_health_check_for_a_while_opens_one_incident(
    fresh: Settings,
) -> None:
    # The service's own health timer stays off: the checks here run at the moments given.
    async with running(fresh, capture, replace(incidents, timers=[])) as (_, host):
        assert host.deps is not None
        deps = host.deps
        now = dt.datetime.now(dt.UTC)
        failing = await eventually(  # capture answers healthy once it has started
            lambda: watching.check_services(deps, now),
            lambda found: ServiceName.CAPTURE not in found,
            what="capture healthy",
        )
        assert ServiceName.MODERATION in failing
        assert (await listed(host, SUPPORT, source=IncidentSource.HEALTH_CHECK)).total == 0
        later = now + watching.HEALTH_GRACE
        await watching.check_services(host.deps, later)
        await watching.check_services(host.deps, later + dt.timedelta(minutes=1))
        page = await listed(host, SUPPORT, source=IncidentSource.HEALTH_CHECK)
        by_module = {i.module: i for i in page.incidents}
        assert Module.MODERATION in by_module and Module.CAPTURE not in by_module
        assert by_module[Module.MODERATION].occurrences == 2
        assert "moderation" in by_module[Module.MODERATION].description
