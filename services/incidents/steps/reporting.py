"""A person reports a failure (000 §6.2, 004 §36: «la fecha, hora y falla», and 003 §34's
kind of anomaly), or support files one received by e-mail for the account that sent it.
It is due by the next business day after it arrives where the institute is, or «lo más
pronto posible» where the profile says so (domain/due_dates.py). The requests the
gateway saw the reporter make last come with it, the failing ones marked, so support
starts from what happened; accounts tells the admin (``incident.opened``)."""

from contracts.envelope import new_event_id, utc_now
from contracts.events.incidents import INCIDENT_OPENED, IncidentOpened
from contracts.incidents import FileReport, IncidentSource, IncidentView
from services.incidents.domain.due_dates import due_at
from services.incidents.domain.lifecycle import check_may_file_for_others
from services.incidents.steps.recording import SignedIn, on_incident, record
from services.incidents.steps.viewing import whole_view
from services.incidents.store import elections, incidents
from services.incidents.store.incidents import NewIncident
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def file_report(
    conn: Connection, deps: ServiceDeps, report: FileReport, caller: SignedIn
) -> IncidentView:
    principal, now = caller.principal, utc_now()
    reporter, filed_by = principal.account_id, None
    if report.on_behalf_of is not None and report.on_behalf_of != principal.account_id:
        check_may_file_for_others(principal)
        reporter, filed_by = report.on_behalf_of, principal.account_id
    rules = await elections.rules_for(conn, principal.election_id)
    new = NewIncident(
        incident_id=str(new_event_id()),
        source=IncidentSource.REPORT,
        module=report.module,
        anomaly=report.anomaly,
        description=report.description.strip(),
        happened_at=min(report.happened_at, now),
        received_at=now,
        due_at=due_at(now, rules.sla, rules.time_zone, rules.non_working_days),
        reporter=reporter,
        filed_by=filed_by,
        election_id=principal.election_id,
    )
    await incidents.insert(conn, new)
    if filed_by is None:  # the gateway's record of the requests is the reporter's own
        await incidents.link_traces(conn, new.incident_id, report.traces)
    view = await whole_view(conn, new.incident_id, now)
    await deps.outbox.add(
        conn,
        INCIDENT_OPENED,
        IncidentOpened(
            incident_id=new.incident_id,
            folio=view.folio,
            source=new.source,
            module=new.module,
            reporter=reporter,
            filed_by=filed_by,
            due_at=new.due_at,
            time_zone=rules.time_zone,
        ),
        actor=caller.actor,
        election_id=principal.election_id,
        subject_id=new.incident_id,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "incident.report",
        on_incident(new.incident_id),
        {"folio": view.folio, "modulo": new.module.value, "a_nombre_de": filed_by and reporter},
    )
    return view
