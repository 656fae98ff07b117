"""The bitácora's JSON API (issue 16; 000 §6.2, 003 §34, 004 §36): any signed-in person
reports a failure, and the gateway attaches the trace ids of their last requests (the
failing ones marked); support and the admin list, read and work incidents; anyone else
reads only their own reports."""

import base64

from aiohttp import web
from pydantic import AwareDatetime, BaseModel, Field

from contracts.errors import ErrorCode
from contracts.incidents import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    SCREENSHOT_MAX_BYTES,
    AddScreenshot,
    AnomalyKind,
    FileReport,
    IncidentExport,
    IncidentQuery,
    IncidentStatus,
    IncidentView,
    Module,
)
from contracts.operations import incidents as incident_operations
from services.gateway.api import api
from services.gateway.calls import ask, principal_of
from services.gateway.failure_watch import RECENT_REQUESTS
from services.gateway.forms import refused
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.params import body_of, path_parameter

TAG = "incidentes"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


class Report(BaseModel):
    """What a person says of a failure; the gateway adds their last requests."""

    happened_at: AwareDatetime = Field(description="Cuándo ocurrió la falla (fecha y hora).")
    module: Module
    anomaly: AnomalyKind = Field(description="El tipo de anomalía.")
    description: str = Field(min_length=10, max_length=DESCRIPTION_MAX)
    on_behalf_of: str | None = Field(
        default=None,
        max_length=60,
        description="Soporte: la cuenta que envió el reporte por correo.",
    )


class Move(BaseModel):
    to: IncidentStatus
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class Assignment(BaseModel):
    assignee: str = Field(min_length=1, max_length=60)


class Note(BaseModel):
    note: str = Field(min_length=1, max_length=NOTE_MAX)


def with_last_requests(request: web.Request, report: Report) -> FileReport:
    """The report as the incidents service takes it: with the reporter's last requests
    this replica saw (none when support files it for someone else)."""
    principal = principal_of(request)
    own = report.on_behalf_of in (None, principal.account_id if principal else None)
    traces = request.app[RECENT_REQUESTS].of(principal.account_id) if principal and own else []
    return FileReport(**report.model_dump(), traces=traces)


@api.route(
    "POST",
    "/api/v1/incidentes",
    summary="Reportar una falla: cuándo ocurrió, en qué módulo, el tipo de anomalía y qué "
    "falló; se adjuntan las trazas de sus últimas solicitudes",
    request=Report,
    response=IncidentView,
    tag=TAG,
    errors=(*DENIED, ErrorCode.INVALID_REQUEST),
)
async def post_incident(request: web.Request) -> IncidentView:
    report = await body_of(request, Report)
    return await ask(request, incident_operations.REPORT_FILE, with_last_requests(request, report))


SCREENSHOT_TOO_LARGE = "La captura de pantalla pesa más de 5 MB."


async def send_screenshot(request: web.Request, incident_id: str, content: bytes) -> IncidentView:
    """One screenshot to the incidents service, which judges it by its content."""
    if principal_of(request) is None:
        raise refused(ErrorCode.UNAUTHENTICATED, "Inicie sesión para adjuntar una captura.")
    if not content:
        raise refused(ErrorCode.INVALID_REQUEST, "Envíe la imagen de la captura de pantalla.")
    if len(content) > SCREENSHOT_MAX_BYTES:  # before it travels: the bus carries 8 MiB
        raise refused(ErrorCode.INVALID_REQUEST, SCREENSHOT_TOO_LARGE)
    order = AddScreenshot(
        incident_id=incident_id[:60], content_base64=base64.b64encode(content).decode()
    )
    return await ask(request, incident_operations.SCREENSHOT_ADD, order)


@api.route(
    "POST",
    "/api/v1/incidentes/{incident_id}/capturas",
    summary="Adjuntar una captura de pantalla al reporte (PNG o JPEG, 5 MB a lo más; "
    "hasta cinco): el cuerpo es la imagen",
    response=IncidentView,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
)
async def post_screenshot(request: web.Request) -> IncidentView:
    content = await request.read()
    return await send_screenshot(request, path_parameter(request, "incident_id"), content)


declare_forwards(
    TAG,
    Forward(
        "get_incident_screenshot",
        "GET /api/v1/incidentes/{incident_id}/capturas/{sha256}",
        incident_operations.SCREENSHOT_GET,
        "Una captura de pantalla del reporte (quien lo reportó, soporte y la administración)",
        (*DENIED, ErrorCode.NOT_FOUND),
        extra_statuses={200: "image/png"},
    ),
)


declare_forwards(
    TAG,
    Forward(
        "get_incidents",
        "GET /api/v1/incidentes",
        incident_operations.INCIDENT_LIST,
        "La bitácora de incidentes, filtrada por fecha, estado, módulo, origen y quien "
        "reportó (soporte y la administración: todos; los demás: sus reportes)",
        DENIED,
        query=IncidentQuery,
    ),
    Forward(
        "get_incident_log",
        "GET /api/v1/incidentes/bitacora",
        incident_operations.INCIDENT_EXPORT,
        "Descargar la bitácora de un periodo: CSV de cada incidente, o el reporte técnico "
        "de fallas en PDF (soporte y la administración)",
        (*DENIED, ErrorCode.INVALID_REQUEST),
        query=IncidentExport,
        extra_statuses={200: "text/csv"},
    ),
    Forward(
        "get_incident",
        "GET /api/v1/incidentes/{incident_id}",
        incident_operations.INCIDENT_GET,
        "Un incidente, con sus trazas y sus notas",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "post_incident_status",
        "POST /api/v1/incidentes/{incident_id}/estado",
        incident_operations.INCIDENT_MOVE,
        "Atender, resolver (con la solución) o dar por informado (con lo que se informó) un "
        "incidente",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Move,
    ),
    Forward(
        "post_incident_assignment",
        "POST /api/v1/incidentes/{incident_id}/asignacion",
        incident_operations.INCIDENT_ASSIGN,
        "Asignar un incidente a una cuenta de soporte",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
        body=Assignment,
    ),
    Forward(
        "post_incident_note",
        "POST /api/v1/incidentes/{incident_id}/notas",
        incident_operations.INCIDENT_NOTE,
        "Anotar un incidente (queda en la bitácora)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
        body=Note,
    ),
)
