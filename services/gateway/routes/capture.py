"""The capture JSON API: elections, the candidacy registry import, the questionnaires."""

import datetime as dt
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, Field

from contracts.capture import (
    Attached,
    BlankConsentFormat,
    CandidacyFilters,
    CandidacyQuery,
    ElectionConfig,
    FileRef,
    ImportFormat,
    ImportReport,
    PreloadReport,
    PrivacyAcceptance,
    RegistryChangeBody,
    UploadPurpose,
)
from contracts.errors import ErrorCode
from contracts.events.capture import Person
from contracts.operations import Operation
from contracts.operations import capture as capture_operations
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.params import body_of, path_parameter, query_of
from services.gateway.uploads import send_file

TAG = "elecciones"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)
IMPORT_TIMEOUT_S = 600.0  # a national registry takes seconds, not the usual few
UPLOAD_ERRORS = (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST)

PayloadT = TypeVar("PayloadT", bound=BaseModel)
ReplyT = TypeVar("ReplyT", bound=BaseModel)


class ImportQuery(BaseModel):
    formato: ImportFormat


PERSONA = Field(
    default=Person.OWNER,
    description="De qué persona de la fórmula: «propietaria» (por omisión) o «suplente».",
)


class Answers(BaseModel):
    respuestas: dict[str, Any]
    persona: Person = PERSONA


class Whose(BaseModel):
    """``?persona=suplente``: the alternate's questionnaire, photo or consent."""

    persona: Person = PERSONA


class Confirmation(BaseModel):
    confirmar: bool = False


class Correction(BaseModel):
    campos: list[str]
    nota: str


class Extension(BaseModel):
    candidacy_id: str | None = None
    partido: str | None = None
    hasta: dt.date
    motivo: str


class Version(BaseModel):
    version: str


class Declining(BaseModel):
    motivo: str


declare_forwards(
    TAG,
    Forward(
        "post_election",
        "POST /api/v1/elecciones",
        capture_operations.ELECTION_CONFIGURE,
        "Configurar (o actualizar) una elección",
        (*DENIED, ErrorCode.INVALID_REQUEST),
        body=ElectionConfig,
    ),
    Forward(
        "get_elections",
        "GET /api/v1/elecciones",
        capture_operations.ELECTION_LIST,
        "Elecciones configuradas",
        DENIED,
    ),
    Forward(
        "get_election",
        "GET /api/v1/elecciones/{election_id}",
        capture_operations.ELECTION_GET,
        "Una elección",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_questionnaire",
        "GET /api/v1/candidaturas/{candidacy_id}/cuestionarios/{cuestionario}",
        capture_operations.QUESTIONNAIRE_GET,
        "Un cuestionario de la candidatura (curricular o identidad) de la propietaria o, "
        "con persona=suplente, de la persona suplente, con su avance",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        query=Whose,
    ),
    Forward(
        "put_questionnaire",
        "PUT /api/v1/candidaturas/{candidacy_id}/cuestionarios/{cuestionario}",
        capture_operations.QUESTIONNAIRE_SAVE,
        "Guardar el borrador de un cuestionario (solo los campos enviados) de la "
        "propietaria o, con persona=suplente en el cuerpo, de la persona suplente",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Answers,
    ),
    Forward(
        "get_candidacies",
        "GET /api/v1/candidaturas",
        capture_operations.CANDIDACY_LIST,
        "Candidaturas a su alcance, con su avance: una página, en orden de clave, y "
        "cuántas coinciden con los filtros",
        (*DENIED, ErrorCode.INVALID_REQUEST),
        query=CandidacyQuery,
    ),
    Forward(
        "get_candidacy",
        "GET /api/v1/candidaturas/{candidacy_id}",
        capture_operations.CANDIDACY_SUMMARY,
        "Una candidatura a su alcance, con su avance y lo que usted puede hacer con ella",
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_queue",
        "GET /api/v1/validacion/cola",
        capture_operations.VALIDATION_QUEUE,
        "Cola de validación de la supervisión: una página, en orden de clave",
        (*DENIED, ErrorCode.INVALID_REQUEST),
        query=CandidacyFilters,
    ),
    Forward(
        "post_submission",
        "POST /api/v1/candidaturas/{candidacy_id}/envio",
        capture_operations.CANDIDACY_SUBMIT,
        "Enviar los cuestionarios (una sola oportunidad); sin confirmar, lo que falta",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        body=Confirmation,
    ),
    Forward(
        "post_validation",
        "POST /api/v1/candidaturas/{candidacy_id}/validacion",
        capture_operations.CANDIDACY_VALIDATE,
        "Validar los cuestionarios enviados (supervisión o independiente)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    ),
    Forward(
        "post_correction",
        "POST /api/v1/candidaturas/{candidacy_id}/correccion",
        capture_operations.CANDIDACY_REQUEST_CORRECTION,
        "Pedir al Instituto que corrija (donde la supervisión no edita)",  # 000 §4.3
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        body=Correction,
    ),
    Forward(
        "post_party_warning",
        "POST /api/v1/candidaturas/{candidacy_id}/advertencia",
        capture_operations.CANDIDACY_WARN_PARTY,
        "Advertir a la captura del partido de campos incompletos o que no se apegan a las "
        "reglas (supervisión, donde el proceso lo prevé)",  # 002 §II.B.1.II
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        body=Correction,
    ),
    Forward(
        "get_blank_consent_format",
        "GET /api/v1/formato-consentimiento",
        capture_operations.CONSENT_BLANK_FORMAT,
        "Formato de consentimiento en blanco (PDF), para cualquiera, sin iniciar sesión",
        (ErrorCode.NOT_FOUND,),
        query=BlankConsentFormat,
        anonymous=True,
        extra_statuses={200: "application/pdf"},
    ),
    Forward(
        "post_window_extension",
        "POST /api/v1/elecciones/{election_id}/prorrogas",
        capture_operations.WINDOW_EXTEND,
        "Ampliar el plazo de captura de una candidatura o de todas las de un partido",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Extension,
    ),
    Forward(
        "delete_consent",
        "DELETE /api/v1/candidaturas/{candidacy_id}/consentimiento",
        capture_operations.CONSENT_REVOKE,
        "Revocar el consentimiento (por la supervisión) de la propietaria o, con "
        "persona=suplente, de la persona suplente",  # 000 §5.5
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        query=Whose,
    ),
    Forward(
        "get_consent_format",
        "GET /api/v1/candidaturas/{candidacy_id}/formato-consentimiento",
        capture_operations.CONSENT_FORMAT,
        "Formato de consentimiento con el nombre de la persona candidata (PDF): la "
        "propietaria o, con persona=suplente, la suplente",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        query=Whose,
        extra_statuses={200: "application/pdf"},
    ),
    Forward(
        "get_preload_template",
        "GET /api/v1/elecciones/{election_id}/precarga/plantilla",
        capture_operations.PRELOAD_TEMPLATE,
        "Plantilla de precarga masiva (una columna por campo)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
        query=ImportQuery,
        extra_statuses={200: "text/csv o XLSX"},
    ),
    Forward(
        "get_identity_statistics",
        "GET /api/v1/elecciones/{election_id}/estadisticas/identidad",
        capture_operations.STATISTICS_AGGREGATES,
        "Estadísticas de grupos en situación de discriminación: cuadrícula fija, "
        "cifras que identificarían a alguien reservadas",
        (ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_identity_matrix",
        "GET /api/v1/elecciones/{election_id}/matriz-identidad",
        capture_operations.STATISTICS_MATRIX,
        "Matriz de datos de identidad sin nombres (área de análisis)",  # 001 §6
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    ),
    Forward(
        "post_registry_change",
        "POST /api/v1/elecciones/{election_id}/registro/cambios",
        capture_operations.REGISTRY_CHANGE,
        "Un cambio del sistema de registro de candidaturas (registro, sustitución, "
        "cancelación o corrección); el mismo cambio dos veces no cambia nada",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=RegistryChangeBody,
    ),
    Forward(
        "get_pending_corrections",
        "GET /api/v1/elecciones/{election_id}/correcciones",
        capture_operations.CORRECTION_LIST,
        "Solicitudes de corrección de la supervisión aún sin decidir",  # 000 §4.3
        (*DENIED, ErrorCode.NOT_FOUND),
    ),
    Forward(
        "get_correction",
        "GET /api/v1/correcciones/{correction_id}",
        capture_operations.CORRECTION_GET,
        "Una solicitud de corrección, con las respuestas actuales de los campos que nombra",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    ),
    Forward(
        "post_correction_application",
        "POST /api/v1/correcciones/{correction_id}/aplicacion",
        capture_operations.CORRECTION_APPLY,
        "Aplicar la corrección: nuevas respuestas de los campos que nombra la solicitud",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Answers,
    ),
    Forward(
        "post_correction_refusal",
        "POST /api/v1/correcciones/{correction_id}/rechazo",
        capture_operations.CORRECTION_DECLINE,
        "Rechazar la corrección, con su motivo (lo lee el partido)",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
        body=Declining,
    ),
    Forward(
        "get_registry_template",
        "GET /api/v1/elecciones/{election_id}/registro/plantilla",
        capture_operations.REGISTRY_TEMPLATE,
        "Plantilla del registro de candidaturas: en CSV el encabezado; en XLSX, además, "
        "las instrucciones y las listas de la elección",
        (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
        query=ImportQuery,
        extra_statuses={200: "text/csv o XLSX"},
    ),
)


async def _import(
    request: web.Request, operation: Operation[PayloadT, ReplyT], purpose: UploadPurpose
) -> ReplyT:
    """A file for an election (its format in the query) handed over, then imported."""
    query = query_of(request, ImportQuery)
    content = await request.read()
    election_id = path_parameter(request, "election_id")
    upload_id = await send_file(request, content, purpose, election_id)
    order = operation.payload.model_construct(
        election_id=election_id, upload_id=upload_id, format=query.formato
    )
    return await ask(request, operation, order, timeout_s=IMPORT_TIMEOUT_S)


@api.route(
    "POST",
    "/api/v1/elecciones/{election_id}/registro",
    summary="Importar el registro de candidaturas (CSV, XLSX o JSON): todo o nada",
    query=ImportQuery,
    response=ImportReport,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
)
async def post_registry(request: web.Request) -> ImportReport:
    return await _import(request, capture_operations.REGISTRY_IMPORT, UploadPurpose.REGISTRY)


async def _attach(
    request: web.Request, operation: Operation[PayloadT, Attached], purpose: UploadPurpose
) -> Attached:
    candidacy_id = path_parameter(request, "candidacy_id")
    whose = query_of(request, Whose)
    upload_id = await send_file(request, await request.read(), purpose, candidacy_id)
    order = operation.payload.model_construct(
        candidacy_id=candidacy_id, upload_id=upload_id, persona=whose.persona
    )
    return await ask(request, operation, order)


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/fotografia",
    summary="Subir la fotografía (JPEG, PNG o WebP; se le quitan los metadatos) de la "
    "propietaria o, con persona=suplente, de la persona suplente",
    query=Whose,
    response=Attached,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_photo(request: web.Request) -> Attached:
    return await _attach(request, capture_operations.PHOTO_ATTACH, UploadPurpose.PHOTO)


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/solicitud-cambio/fotografia",
    summary="Subir la fotografía nueva que trae una solicitud de cambio, donde el Instituto "
    "aplica el cambio: se guarda sin publicarse, y su SHA-256 es el texto del campo "
    "«fotografia» (o «suplente.fotografia», con persona=suplente) en la solicitud",
    query=Whose,
    response=Attached,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_photo_for_change(request: web.Request) -> Attached:
    return await _attach(
        request, capture_operations.PHOTO_KEEP_FOR_CHANGE, UploadPurpose.CHANGE_PHOTO
    )


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/consentimiento",
    summary="Subir el documento de consentimiento firmado (PDF, JPEG o PNG) de la "
    "propietaria o, con persona=suplente, de la persona suplente",
    query=Whose,
    response=Attached,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_consent(request: web.Request) -> Attached:
    return await _attach(request, capture_operations.CONSENT_ATTACH, UploadPurpose.CONSENT)


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/aviso-privacidad",
    summary="Aceptar el aviso de privacidad vigente",
    request=Version,
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_privacy(request: web.Request) -> web.Response:
    body = await body_of(request, Version)
    order = PrivacyAcceptance.model_construct(
        candidacy_id=path_parameter(request, "candidacy_id"), version=body.version[:20]
    )
    await ask(request, capture_operations.PRIVACY_ACCEPT, order)
    return web.Response(status=204)


@api.route(
    "GET",
    "/api/v1/archivos/{sha256}",
    summary="Un archivo por su SHA-256",
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
    extra_statuses={200: "image/jpeg, application/pdf, image/png"},
)
async def get_file(request: web.Request) -> web.Response:
    """Content-addressed: one address always names the same bytes (``immutable``)."""
    ref = FileRef.model_construct(sha256=path_parameter(request, "sha256"))
    document = await ask(request, capture_operations.FILE_GET, ref)
    return document_response(document, immutable=True)


@api.route(
    "POST",
    "/api/v1/elecciones/{election_id}/precarga",
    summary="Precarga masiva: llena borradores, nunca envía ni publica; todo o nada",
    query=ImportQuery,
    response=PreloadReport,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_preload(request: web.Request) -> PreloadReport:
    return await _import(request, capture_operations.PRELOAD_IMPORT, UploadPurpose.PRELOAD)
