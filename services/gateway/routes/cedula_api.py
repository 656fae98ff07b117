"""The Cédula de Evaluación's JSON API (001 §6): one candidacy's Cédula and the verifier's
marks on it, an election's results per party, and their CSV or XLSX download."""

from aiohttp import web
from pydantic import BaseModel, Field

from contracts.errors import ErrorCode
from contracts.events.capture import Person
from contracts.moderation import CedulaExport, CedulaQuery, CedulaResults, ExportFormat
from contracts.operations import moderation as moderation_operations
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.params import path_parameter, query_of

TAG = "cedula"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)
REFUSED = (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT)


class Whose(BaseModel):
    persona: Person = Field(
        default=Person.OWNER,
        description="De qué persona de la fórmula: la propietaria o la suplente.",
    )


class CedulaMarks(Whose):
    cumple: list[str] = Field(
        default_factory=list,
        max_length=200,
        description="Las variables del personal verificador que cumplen; las demás, no.",
    )


class PartyFilter(BaseModel):
    partido: str | None = Field(default=None, max_length=60, description="El partido que captura.")


class ExportQuery(PartyFilter):
    formato: ExportFormat


declare_forwards(
    TAG,
    Forward(
        "get_cedula",
        "GET /api/v1/candidaturas/{candidacy_id}/cedula",
        moderation_operations.CEDULA_GET,
        "Cédula de Evaluación de una persona de la fórmula (la propietaria, o con "
        "persona=suplente la suplente): rubros, variables, total y porcentaje",
        REFUSED,
        query=Whose,
    ),
    Forward(
        "put_cedula",
        "PUT /api/v1/candidaturas/{candidacy_id}/cedula",
        moderation_operations.CEDULA_SCORE,
        "Calificar la Cédula (personal verificador): las variables que cumplen",
        (*REFUSED, ErrorCode.INVALID_REQUEST),
        body=CedulaMarks,
    ),
)


def _party(request: web.Request) -> str | None:
    return query_of(request, PartyFilter).partido or None


@api.route(
    "GET",
    "/api/v1/elecciones/{election_id}/cedula",
    summary="Resultados de la Cédula de Evaluación por partido (promedio, mínimo, máximo)",
    query=PartyFilter,
    response=CedulaResults,
    tag=TAG,
    errors=(*REFUSED, ErrorCode.INVALID_REQUEST),
)
async def get_cedula_results(request: web.Request) -> CedulaResults:
    query = CedulaQuery.model_construct(
        eleccion=path_parameter(request, "election_id"), partido=_party(request)
    )
    return await ask(request, moderation_operations.CEDULA_PARTY_RESULTS, query)


@api.route(
    "GET",
    "/api/v1/elecciones/{election_id}/cedula/descarga",
    summary="Descargar las Cédulas de la elección (de un partido, si se indica) en CSV o XLSX",
    query=ExportQuery,
    response=None,
    tag=TAG,
    errors=(*REFUSED, ErrorCode.INVALID_REQUEST),
    extra_statuses={200: "text/csv o XLSX"},
)
async def get_cedula_export(request: web.Request) -> web.StreamResponse:
    asked = query_of(request, ExportQuery)
    order = CedulaExport.model_construct(
        eleccion=path_parameter(request, "election_id"),
        partido=asked.partido or None,
        formato=asked.formato,
    )
    return document_response(await ask(request, moderation_operations.CEDULA_EXPORT, order))
