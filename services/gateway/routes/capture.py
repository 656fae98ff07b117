"""The capture JSON API: elections, the candidacy registry import, the questionnaires."""

import base64
import uuid
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from contracts.capture import (
    Aggregates,
    Attach,
    Attached,
    CandidacyList,
    CandidacyRef,
    CorrectionRequest,
    DataMatrix,
    ElectionConfig,
    ElectionRef,
    Elections,
    FileRef,
    ImportFormat,
    ImportReport,
    PreloadImport,
    PreloadReport,
    PrivacyAcceptance,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
    RegistryImport,
    StatisticsRequest,
    Submit,
    SubmitPreview,
    TemplateRequest,
    UploadChunk,
    UploadPurpose,
)
from contracts.errors import ErrorCode
from contracts.events.capture import PublicProjection
from contracts.requests import Document, Empty
from contracts.services import ServiceName
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.params import body_of, query_of

TAG = "elecciones"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


@api.route(
    "POST",
    "/api/v1/elecciones",
    summary="Configurar (o actualizar) una elección",
    request=ElectionConfig,
    response=ElectionConfig,
    tag=TAG,
    errors=(*DENIED, ErrorCode.INVALID_REQUEST),
)
async def post_election(request: web.Request) -> web.Response:
    config = await body_of(request, ElectionConfig)
    return web.json_response(await ask(request, ServiceName.CAPTURE, "election.configure", config))


@api.route(
    "GET",
    "/api/v1/elecciones",
    summary="Elecciones configuradas",
    response=Elections,
    tag=TAG,
    errors=DENIED,
)
async def get_elections(request: web.Request) -> web.Response:
    return web.json_response(await ask(request, ServiceName.CAPTURE, "election.list", Empty()))


@api.route(
    "GET",
    "/api/v1/elecciones/{election_id}",
    summary="Una elección",
    response=ElectionConfig,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
)
async def get_election(request: web.Request) -> web.Response:
    ref = ElectionRef.model_construct(election_id=request.match_info["election_id"][:60])
    return web.json_response(await ask(request, ServiceName.CAPTURE, "election.get", ref))


IMPORT_TIMEOUT_S = 600.0  # a national registry takes seconds, not the usual few
CHUNK_BYTES = 512 * 1024  # base64 of it fits a NATS server's default 1 MB payload


class ImportQuery(BaseModel):
    formato: ImportFormat


async def send_file(
    request: web.Request, content: bytes, purpose: UploadPurpose, target: str
) -> str:
    """Hand a file to capture in bus-sized chunks; the upload id names it. Each chunk says
    what the file is for, so capture refuses the first one of a file the caller may not
    send, before storing it."""
    upload_id = str(uuid.uuid4())
    total = max(1, -(-len(content) // CHUNK_BYTES))
    for index in range(total):
        piece = content[index * CHUNK_BYTES : (index + 1) * CHUNK_BYTES]
        chunk = UploadChunk(
            upload_id=upload_id,
            purpose=purpose,
            target=target,
            index=index,
            total=total,
            content_base64=base64.b64encode(piece).decode(),
        )
        await ask(request, ServiceName.CAPTURE, "upload.chunk", chunk)
    return upload_id


@api.route(
    "POST",
    "/api/v1/elecciones/{election_id}/registro",
    summary="Importar el registro de candidaturas (CSV, XLSX o JSON): todo o nada",
    query=ImportQuery,
    response=ImportReport,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST),
)
async def post_registry(request: web.Request) -> web.Response:
    query = query_of(request, ImportQuery)
    content = await request.read()
    election_id = request.match_info["election_id"][:60]
    upload_id = await send_file(request, content, UploadPurpose.REGISTRY, election_id)
    order = RegistryImport.model_construct(
        election_id=election_id,
        upload_id=upload_id,
        format=query.formato,
    )
    return web.json_response(
        await ask(
            request, ServiceName.CAPTURE, "registry.import", order, timeout_s=IMPORT_TIMEOUT_S
        )
    )


def _questionnaire_ref(request: web.Request) -> dict[str, str]:
    return {
        "candidacy_id": request.match_info["candidacy_id"][:60],
        "cuestionario": request.match_info["cuestionario"][:20],
    }


@api.route(
    "GET",
    "/api/v1/candidaturas/{candidacy_id}/cuestionarios/{cuestionario}",
    summary="Un cuestionario de la candidatura (curricular o identidad), con su avance",
    response=QuestionnaireView,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def get_questionnaire(request: web.Request) -> web.Response:
    ref = QuestionnaireRef.model_construct(**_questionnaire_ref(request))
    return web.json_response(await ask(request, ServiceName.CAPTURE, "questionnaire.get", ref))


class Answers(BaseModel):
    respuestas: dict[str, Any]


@api.route(
    "PUT",
    "/api/v1/candidaturas/{candidacy_id}/cuestionarios/{cuestionario}",
    summary="Guardar el borrador de un cuestionario (solo los campos enviados)",
    request=Answers,
    response=QuestionnaireView,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST),
)
async def put_questionnaire(request: web.Request) -> web.Response:
    answers = await body_of(request, Answers)
    order = QuestionnaireSave.model_construct(
        **_questionnaire_ref(request), respuestas=answers.respuestas
    )
    return web.json_response(await ask(request, ServiceName.CAPTURE, "questionnaire.save", order))


@api.route(
    "GET",
    "/api/v1/candidaturas",
    summary="Candidaturas a su alcance, con su avance",
    response=CandidacyList,
    tag=TAG,
    errors=DENIED,
)
async def get_candidacies(request: web.Request) -> web.Response:
    return web.json_response(await ask(request, ServiceName.CAPTURE, "candidacy.list", Empty()))


@api.route(
    "GET",
    "/api/v1/validacion/cola",
    summary="Cola de validación de la supervisión",
    response=CandidacyList,
    tag=TAG,
    errors=DENIED,
)
async def get_queue(request: web.Request) -> web.Response:
    return web.json_response(await ask(request, ServiceName.CAPTURE, "validation.queue", Empty()))


class Confirmation(BaseModel):
    confirmar: bool = False


def _candidacy_id(request: web.Request) -> str:
    return request.match_info["candidacy_id"][:60]


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/envio",
    summary="Enviar los cuestionarios (una sola oportunidad); sin confirmar, lo que falta",
    request=Confirmation,
    response=SubmitPreview,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_submission(request: web.Request) -> web.Response:
    body = await body_of(request, Confirmation)
    order = Submit(candidacy_id=_candidacy_id(request), confirmar=body.confirmar)
    return web.json_response(await ask(request, ServiceName.CAPTURE, "candidacy.submit", order))


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/validacion",
    summary="Validar los cuestionarios enviados (supervisión o independiente)",
    response=PublicProjection,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_validation(request: web.Request) -> web.Response:
    ref = CandidacyRef(candidacy_id=_candidacy_id(request))
    return web.json_response(await ask(request, ServiceName.CAPTURE, "candidacy.validate", ref))


class Correction(BaseModel):
    campos: list[str]
    nota: str


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/correccion",
    summary="Pedir al Instituto que corrija (donde la supervisión no edita, 000 §4.3)",
    request=Correction,
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def post_correction(request: web.Request) -> web.Response:
    body = await body_of(request, Correction)
    order = CorrectionRequest.model_construct(
        candidacy_id=_candidacy_id(request), campos=body.campos, nota=body.nota
    )
    await ask(request, ServiceName.CAPTURE, "candidacy.request_correction", order)
    return web.Response(status=204)


UPLOAD_ERRORS = (*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_REQUEST)


async def _attach(request: web.Request, operation: str, purpose: UploadPurpose) -> web.Response:
    candidacy_id = _candidacy_id(request)
    upload_id = await send_file(request, await request.read(), purpose, candidacy_id)
    order = Attach.model_construct(candidacy_id=candidacy_id, upload_id=upload_id)
    return web.json_response(await ask(request, ServiceName.CAPTURE, operation, order))


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/fotografia",
    summary="Subir la fotografía (JPEG, PNG o WebP; se le quitan los metadatos)",
    response=Attached,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_photo(request: web.Request) -> web.Response:
    return await _attach(request, "photo.attach", UploadPurpose.PHOTO)


@api.route(
    "POST",
    "/api/v1/candidaturas/{candidacy_id}/consentimiento",
    summary="Subir el documento de consentimiento firmado (PDF, JPEG o PNG)",
    response=Attached,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_consent(request: web.Request) -> web.Response:
    return await _attach(request, "consent.attach", UploadPurpose.CONSENT)


@api.route(
    "DELETE",
    "/api/v1/candidaturas/{candidacy_id}/consentimiento",
    summary="Revocar el consentimiento (por la supervisión; 000 §5.5)",
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def delete_consent(request: web.Request) -> web.Response:
    await ask(
        request,
        ServiceName.CAPTURE,
        "consent.revoke",
        CandidacyRef(candidacy_id=_candidacy_id(request)),
    )
    return web.Response(status=204)


@api.route(
    "GET",
    "/api/v1/candidaturas/{candidacy_id}/formato-consentimiento",
    summary="Formato de consentimiento con el nombre de la persona candidata (PDF)",
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND),
    extra_statuses={200: "application/pdf"},
)
async def get_consent_format(request: web.Request) -> web.Response:
    ref = CandidacyRef(candidacy_id=_candidacy_id(request))
    document = Document.model_validate(
        await ask(request, ServiceName.CAPTURE, "consent.format", ref)
    )
    return document_response(document)


class Version(BaseModel):
    version: str


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
        candidacy_id=_candidacy_id(request), version=body.version[:20]
    )
    await ask(request, ServiceName.CAPTURE, "privacy.accept", order)
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
    ref = FileRef.model_construct(sha256=request.match_info["sha256"][:64])
    document = Document.model_validate(await ask(request, ServiceName.CAPTURE, "file.get", ref))
    return document_response(document, immutable=True)


@api.route(
    "GET",
    "/api/v1/elecciones/{election_id}/precarga/plantilla",
    summary="Plantilla de precarga masiva (una columna por campo)",
    query=ImportQuery,
    response=None,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
    extra_statuses={200: "text/csv o XLSX"},
)
async def get_preload_template(request: web.Request) -> web.Response:
    query = query_of(request, ImportQuery)
    order = TemplateRequest.model_construct(
        election_id=request.match_info["election_id"][:60], formato=query.formato
    )
    document = Document.model_validate(
        await ask(request, ServiceName.CAPTURE, "preload.template", order)
    )
    return document_response(document)


@api.route(
    "POST",
    "/api/v1/elecciones/{election_id}/precarga",
    summary="Precarga masiva: llena borradores, nunca envía ni publica; todo o nada",
    query=ImportQuery,
    response=PreloadReport,
    tag=TAG,
    errors=UPLOAD_ERRORS,
)
async def post_preload(request: web.Request) -> web.Response:
    query = query_of(request, ImportQuery)
    election_id = request.match_info["election_id"][:60]
    upload_id = await send_file(request, await request.read(), UploadPurpose.PRELOAD, election_id)
    order = PreloadImport.model_construct(
        election_id=election_id, upload_id=upload_id, format=query.formato
    )
    return web.json_response(
        await ask(request, ServiceName.CAPTURE, "preload.import", order, timeout_s=IMPORT_TIMEOUT_S)
    )


@api.route(
    "GET",
    "/api/v1/elecciones/{election_id}/estadisticas/identidad",
    summary="Estadísticas de grupos en situación de discriminación: cuadrícula fija, "
    "cifras que identificarían a alguien reservadas",
    response=Aggregates,
    tag=TAG,
    errors=(ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND),
)
async def get_identity_statistics(request: web.Request) -> web.Response:
    ref = StatisticsRequest.model_construct(election_id=request.match_info["election_id"][:60])
    return web.json_response(await ask(request, ServiceName.CAPTURE, "statistics.aggregates", ref))


@api.route(
    "GET",
    "/api/v1/elecciones/{election_id}/matriz-identidad",
    summary="Matriz de datos de identidad sin nombres (área de análisis, 001 §6)",
    response=DataMatrix,
    tag=TAG,
    errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT),
)
async def get_identity_matrix(request: web.Request) -> web.Response:
    ref = StatisticsRequest.model_construct(election_id=request.match_info["election_id"][:60])
    return web.json_response(await ask(request, ServiceName.CAPTURE, "statistics.matrix", ref))
