"""The bitácora's JSON API (issue 16; 000 §6.2, 003 §34, 004 §36): any signed-in person
reports a failure, and the gateway attaches the trace ids of their last requests (the
failing ones marked); support and the admin list, read and work incidents; anyone else
reads only their own reports."""

from aiohttp import web
from pydantic import AwareDatetime, BaseModel, Field

from contracts.errors import ErrorCode
from contracts.incidents import (
    DESCRIPTION_MAX,
    NOTE_MAX,
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
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.params import body_of

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
