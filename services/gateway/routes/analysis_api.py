"""The analysis area's JSON API (004 §4.V, §45-48): the capture-progress reports (the
list with the schedule, one made on demand, a report's CSV or PDF), the curricular
quality per party and its CSV, and the identity data matrix as CSV (004 §6)."""

from pydantic import BaseModel

from contracts.analysis import ReportFormat
from contracts.errors import ErrorCode
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from services.gateway.forwards import Forward, declare_forwards

TAG = "análisis"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)
REFUSED = (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT)


class ReportFormatQuery(BaseModel):
    formato: ReportFormat


declare_forwards(
    TAG,
    Forward(
        "get_progress_reports",
        "GET /api/v1/elecciones/{election_id}/informes-avance",
        capture_operations.PROGRESS_REPORT_LIST,
        "Informes de avance de la captura: los cortes programados y los informes hechos",
        REFUSED,
    ),
    Forward(
        "post_progress_report",
        "POST /api/v1/elecciones/{election_id}/informes-avance",
        capture_operations.PROGRESS_REPORT_MAKE,
        "Elaborar ahora un informe de avance de la captura",
        REFUSED,
    ),
    Forward(
        "get_progress_report",
        "GET /api/v1/informes-avance/{report_id}",
        capture_operations.PROGRESS_REPORT_GET,
        "Descargar un informe de avance de la captura (PDF o CSV)",
        (*REFUSED, ErrorCode.INVALID_REQUEST),
        query=ReportFormatQuery,
        extra_statuses={200: "application/pdf o text/csv"},
    ),
    Forward(
        "get_curricular_quality",
        "GET /api/v1/elecciones/{election_id}/calidad-curricular",
        moderation_operations.CEDULA_QUALITY,
        "Calidad curricular por partido: captura cumplida o no, promedio por rubro y total",
        REFUSED,
    ),
    Forward(
        "get_curricular_quality_export",
        "GET /api/v1/elecciones/{election_id}/calidad-curricular/descarga",
        moderation_operations.CEDULA_QUALITY_EXPORT,
        "Descargar la calidad curricular por partido (CSV)",
        REFUSED,
        extra_statuses={200: "text/csv"},
    ),
    Forward(
        "get_identity_matrix_export",
        "GET /api/v1/elecciones/{election_id}/matriz-identidad/descarga",
        capture_operations.STATISTICS_MATRIX_EXPORT,
        "Descargar la matriz de datos de identidad sin nombres (CSV, área de análisis)",
        REFUSED,
        extra_statuses={200: "text/csv"},
    ),
)
