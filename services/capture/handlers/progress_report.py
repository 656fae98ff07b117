"""progress_report.*: the analysis area's capture-progress reports (004 §48): the list
with the schedule, one made on demand, and a report's CSV or PDF."""

from contracts.analysis import (
    ProgressReports,
    ProgressReportSummary,
    ReportDownload,
    ReportRequest,
)
from contracts.envelope import utc_now
from contracts.requests import Document, Request
from services.capture.handlers.refusals import in_transaction, signed_in, with_connection
from services.capture.steps import reporting
from services.runtime.service_deps import ServiceDeps


async def make_report(deps: ServiceDeps, request: Request[ReportRequest]) -> ProgressReportSummary:
    caller = signed_in(request, "elaborar un informe de avance")
    return await in_transaction(
        deps, reporting.on_demand, deps.outbox, request.payload, caller, utc_now()
    )


async def reports(deps: ServiceDeps, request: Request[ReportRequest]) -> ProgressReports:
    caller = signed_in(request, "consultar los informes de avance")
    return await with_connection(
        deps, reporting.listing, caller.principal, request.payload.election_id
    )


async def report_file(deps: ServiceDeps, request: Request[ReportDownload]) -> Document:
    caller = signed_in(request, "descargar un informe de avance")
    return await in_transaction(deps, reporting.download, deps.outbox, request.payload, caller)
