"""Making the capture-progress reports of the analysis area (004 §4.V, §48; Lineamientos
art. 15 g): at each scheduled cut-off the timer makes the election's report — once,
whatever the ticks or the replicas — and the admin or the analysis area may make one on
demand; each report is kept as made (its CSV and PDF) and listed with its cut-off. A
report counts the live candidacies as they stand when it is made (the timer makes it
within a tick of the cut-off) and names no one."""

import base64
import uuid
from datetime import datetime

from contracts.analysis import (
    REPORT_KIND_LABEL,
    ProgressReports,
    ProgressReportSummary,
    ReportDownload,
    ReportFormat,
    ReportKind,
    ReportRequest,
    ScheduledCutoff,
)
from contracts.events.capture import Person
from contracts.requests import Document, Principal
from contracts.roles import OutOfScope
from services.capture.adapters.progress_pdf import ReportPage, render_csv, render_pdf
from services.capture.domain.capture_figures import Counted, progress_figures
from services.capture.domain.errors import NotFound, Refused
from services.capture.domain.formulas import Status
from services.capture.domain.report_schedule import due_cutoffs, scheduled_cutoffs
from services.capture.domain.scope import ListScope, check_may_analyse
from services.capture.steps.finding import election_named
from services.capture.steps.recording import SYSTEM, Caller, SignedIn, on_election, record
from services.capture.store import candidacies, elections, progress_reports
from services.capture.store.elections import Election
from services.capture.store.progress_reports import Made
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps

NO_REPORTS = "Este proceso no prevé informes de avance de la captura."
NO_REPORT = "No existe ese informe."
MEDIA_TYPES = {ReportFormat.CSV: "text/csv", ReportFormat.PDF: "application/pdf"}


async def _counted(conn: Connection, election_id: str) -> list[Counted]:
    """Each person of each live formula, the owner and the alternate alike (each is a
    candidacy of its own, 001 §3.III-V), with its own questionnaires and its formula's
    status."""
    listed = await candidacies.candidacies_in_scope(conn, ListScope(election_id=election_id))
    counted = []
    for one in listed:
        formula = one.candidacy.formula
        if one.candidacy.status is not Status.REGISTERED:
            continue
        answered = {
            Person.OWNER: (one.curricular_completeness, one.identity_completeness),
            Person.ALTERNATE: (
                one.alternate_curricular_completeness,
                one.alternate_identity_completeness,
            ),
        }
        for person in formula.people:
            curricular, identity = answered[person]
            counted.append(
                Counted(
                    postulant_kind=formula.postulant_kind.value,
                    postulant=formula.postulant,
                    office=formula.office,
                    capture_status=one.candidacy.capture_status,
                    curricular=curricular,
                    identity=identity,
                )
            )
    return counted


async def make(
    conn: Connection,
    outbox: Outbox,
    election: Election,
    kind: ReportKind,
    cutoff_at: datetime,
    now: datetime,
    caller: Caller,
) -> Made | None:
    """Count, draw and keep the report; None when its scheduled cut-off has one already."""
    config = election.config
    figures = progress_figures(config, await _counted(conn, config.election_id))
    page = ReportPage(
        institute=config.institute or election.profile.institute,
        election=config.name,
        title=REPORT_KIND_LABEL[kind],
        time_zone=election.time_zone,
        cutoff_at=cutoff_at,
        made_at=now,
        figures=figures,
    )
    made = Made(
        report_id=str(uuid.uuid4()),
        election_id=config.election_id,
        kind=kind,
        cutoff_at=cutoff_at,
        made_at=now,
        made_by=caller.principal.account_id if caller.principal else None,
        candidacies=figures.total.candidacies,
        validated=figures.total.validated,
    )
    if not await progress_reports.save_report(conn, made, render_csv(page), render_pdf(page)):
        return None
    await record(
        conn,
        outbox,
        caller,
        "analysis.progress_report",
        on_election(config.election_id),
        {"informe": made.report_id, "tipo": kind.value, "corte": cutoff_at.isoformat()},
    )
    return made


async def make_due(deps: ServiceDeps, now: datetime) -> int:
    """The timer's tick: every passed cut-off of every election without its report gets
    it, each in its own transaction; how many were made."""
    count = 0
    async with deps.pool.acquire() as conn:
        for election in await elections.every_election(conn):
            config = election.config
            cutoffs = scheduled_cutoffs(
                election.profile.analysis, config.calendar, election.time_zone
            )
            if not cutoffs:
                continue
            made = await progress_reports.scheduled_made(conn, config.election_id)
            for cutoff in due_cutoffs(cutoffs, made, now):
                async with conn.transaction():
                    kept = await make(
                        conn, deps.outbox, election, cutoff.kind, cutoff.at, now, SYSTEM
                    )
                count += kept is not None
    return count


async def _analysed(conn: Connection, principal: Principal, election_id: str) -> Election:
    check_may_analyse(principal, election_id)
    return await election_named(conn, election_id)


async def on_demand(
    conn: Connection, outbox: Outbox, order: ReportRequest, caller: Caller, now: datetime
) -> ProgressReportSummary:
    assert caller.principal is not None
    election = await _analysed(conn, caller.principal, order.election_id)
    if not election.profile.analysis.progress_reports:
        raise Refused(NO_REPORTS)
    made = await make(conn, outbox, election, ReportKind.ON_DEMAND, now, now, caller)
    assert made is not None  # a report on demand is never one of a scheduled cut-off
    return ProgressReportSummary.model_validate(made.model_dump())


async def listing(conn: Connection, principal: Principal, election_id: str) -> ProgressReports:
    election = await _analysed(conn, principal, election_id)
    config = election.config
    cutoffs = scheduled_cutoffs(election.profile.analysis, config.calendar, election.time_zone)
    made = await progress_reports.scheduled_made(conn, election_id)
    reports = await progress_reports.reports_of(conn, election_id)
    return ProgressReports(
        election_id=election_id,
        periodic=election.profile.analysis.progress_reports,
        matrix=election.profile.analysis.identity_data_matrix,
        scheduled=[
            ScheduledCutoff(kind=c.kind, cutoff_at=c.at, made=c.at in made) for c in cutoffs
        ],
        reports=[ProgressReportSummary.model_validate(r.model_dump()) for r in reports],
    )


async def download(
    conn: Connection, outbox: Outbox, order: ReportDownload, caller: SignedIn
) -> Document:
    """A report's CSV or PDF; each download is an activity entry, as every export's."""
    files = await progress_reports.report_files(conn, order.report_id)
    if files is None:
        raise NotFound(NO_REPORT)
    try:
        check_may_analyse(caller.principal, files.election_id)
    except OutOfScope:
        raise NotFound(NO_REPORT) from None
    content = files.pdf if order.formato is ReportFormat.PDF else files.csv
    await record(
        conn,
        outbox,
        caller,
        "analysis.progress_report_download",
        on_election(files.election_id),
        {"informe": order.report_id, "formato": order.formato.value},
    )
    return Document(
        filename=f"avance-captura-{files.election_id}-{files.cutoff_at:%Y%m%d-%H%M}."
        f"{order.formato.value}",
        media_type=MEDIA_TYPES[order.formato],
        content_base64=base64.b64encode(content).decode(),
    )
