"""The capture JSON API: elections, the candidacy registry import, the questionnaires."""

import base64
import uuid
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from contracts.capture import (
    ElectionConfig,
    ElectionRef,
    Elections,
    ImportFormat,
    ImportReport,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
    RegistryImport,
    UploadChunk,
)
from contracts.errors import ErrorCode
from contracts.requests import Empty
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.params import body_of, query_of

TAG = "elecciones"
DENIED = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)


@api.route("POST", "/api/v1/elecciones", summary="Configurar (o actualizar) una elección",
           request=ElectionConfig, response=ElectionConfig, tag=TAG,
           errors=(*DENIED, ErrorCode.INVALID_REQUEST))  # fmt: skip
async def post_election(request: web.Request) -> web.Response:
    config = await body_of(request, ElectionConfig)
    return web.json_response(await ask(request, "capture", "election.configure", config))


@api.route("GET", "/api/v1/elecciones", summary="Elecciones configuradas", response=Elections,
           tag=TAG, errors=DENIED)  # fmt: skip
async def get_elections(request: web.Request) -> web.Response:
    return web.json_response(await ask(request, "capture", "election.list", Empty()))


@api.route("GET", "/api/v1/elecciones/{election_id}", summary="Una elección",
           response=ElectionConfig, tag=TAG, errors=(*DENIED, ErrorCode.NOT_FOUND))  # fmt: skip
async def get_election(request: web.Request) -> web.Response:
    ref = ElectionRef.model_construct(election_id=request.match_info["election_id"][:60])
    return web.json_response(await ask(request, "capture", "election.get", ref))


CHUNK_BYTES = 512 * 1024  # base64 of it fits a NATS server's default 1 MB payload


class ImportQuery(BaseModel):
    formato: ImportFormat


async def send_file(request: web.Request, content: bytes) -> str:
    """Hand a file to capture in bus-sized chunks; the upload id names it."""
    upload_id = str(uuid.uuid4())
    total = max(1, -(-len(content) // CHUNK_BYTES))
    for index in range(total):
        piece = content[index * CHUNK_BYTES : (index + 1) * CHUNK_BYTES]
        chunk = UploadChunk(
            upload_id=upload_id, index=index, total=total,
            content_base64=base64.b64encode(piece).decode(),
        )  # fmt: skip
        await ask(request, "capture", "upload.chunk", chunk)
    return upload_id


@api.route("POST", "/api/v1/elecciones/{election_id}/registro",
           summary="Importar el registro de candidaturas (CSV, XLSX o JSON): todo o nada",
           query=ImportQuery, response=ImportReport, tag=TAG,
           errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_REQUEST))  # fmt: skip
async def post_registry(request: web.Request) -> web.Response:
    query = query_of(request, ImportQuery)
    content = await request.read()
    upload_id = await send_file(request, content)
    order = RegistryImport.model_construct(
        election_id=request.match_info["election_id"][:60], upload_id=upload_id,
        format=query.formato,
    )  # fmt: skip
    return web.json_response(await ask(request, "capture", "registry.import", order))


def _questionnaire_ref(request: web.Request) -> dict[str, str]:
    return {
        "candidacy_id": request.match_info["candidacy_id"][:60],
        "cuestionario": request.match_info["cuestionario"][:20],
    }


@api.route("GET", "/api/v1/candidaturas/{candidacy_id}/cuestionarios/{cuestionario}",
           summary="Un cuestionario de la candidatura (curricular o identidad), con su avance",
           response=QuestionnaireView, tag=TAG,
           errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT))  # fmt: skip
async def get_questionnaire(request: web.Request) -> web.Response:
    ref = QuestionnaireRef.model_construct(**_questionnaire_ref(request))
    return web.json_response(await ask(request, "capture", "questionnaire.get", ref))


class Answers(BaseModel):
    respuestas: dict[str, Any]


@api.route("PUT", "/api/v1/candidaturas/{candidacy_id}/cuestionarios/{cuestionario}",
           summary="Guardar el borrador de un cuestionario (solo los campos enviados)",
           request=Answers, response=QuestionnaireView, tag=TAG,
           errors=(*DENIED, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT,
                   ErrorCode.INVALID_REQUEST))  # fmt: skip
async def put_questionnaire(request: web.Request) -> web.Response:
    answers = await body_of(request, Answers)
    order = QuestionnaireSave.model_construct(
        **_questionnaire_ref(request), respuestas=answers.respuestas
    )
    return web.json_response(await ask(request, "capture", "questionnaire.save", order))
