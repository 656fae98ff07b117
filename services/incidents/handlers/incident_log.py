"""report.*, incident.*: a person reports a failure, support and the admin read and work
the bitácora, and the gateway tells of a server error it answered."""

from contracts.incidents import (
    AddScreenshot,
    AssignIncident,
    FileReport,
    IncidentExport,
    IncidentList,
    IncidentQuery,
    IncidentRef,
    IncidentView,
    MoveIncident,
    NoteIncident,
    ScreenshotRef,
    ServerFailure,
)
from contracts.requests import Document, Empty, Request
from services.incidents.handlers.refusals import in_transaction, signed_in, with_connection
from services.incidents.steps import (
    attaching,
    exporting,
    noticing,
    reading,
    reporting,
    working,
)
from services.runtime.service_deps import ServiceDeps


async def file_report(deps: ServiceDeps, request: Request[FileReport]) -> IncidentView:
    caller = signed_in(request, "reportar una falla")
    return await in_transaction(deps, reporting.file_report, deps, request.payload, caller)


async def server_failure(deps: ServiceDeps, request: Request[ServerFailure]) -> Empty:
    """The gateway's own word (it has no outbox): one more occurrence of the failure."""
    await in_transaction(deps, noticing.note_server_failure, deps, request.payload)
    return Empty()


async def listing(deps: ServiceDeps, request: Request[IncidentQuery]) -> IncidentList:
    caller = signed_in(request, "consultar la bitácora de incidentes")
    return await with_connection(deps, reading.listing, request.payload, caller)


async def get(deps: ServiceDeps, request: Request[IncidentRef]) -> IncidentView:
    caller = signed_in(request, "consultar el incidente")
    return await with_connection(deps, reading.get, request.payload, caller)


async def move(deps: ServiceDeps, request: Request[MoveIncident]) -> IncidentView:
    caller = signed_in(request, "atender el incidente")
    return await in_transaction(deps, working.move, deps, request.payload, caller)


async def assign(deps: ServiceDeps, request: Request[AssignIncident]) -> IncidentView:
    caller = signed_in(request, "asignar el incidente")
    return await in_transaction(deps, working.assign, deps, request.payload, caller)


async def note(deps: ServiceDeps, request: Request[NoteIncident]) -> IncidentView:
    caller = signed_in(request, "anotar el incidente")
    return await in_transaction(deps, working.note, deps, request.payload, caller)


async def export(deps: ServiceDeps, request: Request[IncidentExport]) -> Document:
    caller = signed_in(request, "descargar la bitácora de incidentes")
    return await in_transaction(deps, exporting.export, deps, request.payload, caller)


async def add_screenshot(deps: ServiceDeps, request: Request[AddScreenshot]) -> IncidentView:
    caller = signed_in(request, "adjuntar una captura de pantalla")
    return await in_transaction(deps, attaching.add, deps, request.payload, caller)


async def screenshot(deps: ServiceDeps, request: Request[ScreenshotRef]) -> Document:
    caller = signed_in(request, "ver la captura de pantalla")
    return await with_connection(deps, attaching.get, request.payload, caller)
