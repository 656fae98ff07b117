"""The activity log's public face: the latest signed checkpoint, the key, and proofs.

Anyone may fetch these, with no account: they let an outside auditor check that the log
was never rewritten.
"""

from aiohttp import web
from pydantic import BaseModel

from contracts.audit import (
    ConsistencyProof,
    ConsistencyQuery,
    InclusionProof,
    InclusionQuery,
    PublicKey,
    SignedCheckpoint,
)
from contracts.errors import ErrorCode
from contracts.requests import Empty
from services.gateway.api import api
from services.gateway.middlewares import REQUEST_ID
from services.gateway.params import query_of
from services.gateway.state import SERVICES

TAG = "bitácora de actividad"


async def ask_audit(request: web.Request, operation: str, payload: BaseModel) -> web.Response:
    data = await request.app[SERVICES].call(
        "audit", operation, payload, request_id=request[REQUEST_ID]
    )
    return web.json_response(data)


UNAVAILABLE = (ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)


@api.route(
    "GET", "/api/v1/auditoria/checkpoint", summary="Último checkpoint firmado de la bitácora",
    response=SignedCheckpoint, tag=TAG, errors=(ErrorCode.NOT_FOUND, *UNAVAILABLE),
)  # fmt: skip
async def get_checkpoint(request: web.Request) -> web.Response:
    return await ask_audit(request, "checkpoint.latest", Empty())


@api.route(
    "GET", "/api/v1/auditoria/llave-publica", summary="Llave pública que firma los checkpoints",
    response=PublicKey, tag=TAG, errors=UNAVAILABLE,
)  # fmt: skip
async def get_public_key(request: web.Request) -> web.Response:
    return await ask_audit(request, "key.public", Empty())


@api.route(
    "GET", "/api/v1/auditoria/prueba-inclusion",
    summary="Prueba de que una entrada está en la bitácora de cierto tamaño",
    response=InclusionProof, query=InclusionQuery, tag=TAG,
    errors=(ErrorCode.INVALID_REQUEST, ErrorCode.NOT_FOUND, *UNAVAILABLE),
)  # fmt: skip
async def get_inclusion_proof(request: web.Request) -> web.Response:
    return await ask_audit(request, "proof.inclusion", query_of(request, InclusionQuery))


@api.route(
    "GET", "/api/v1/auditoria/prueba-consistencia",
    summary="Prueba de que la bitácora de un tamaño extiende la de otro sin reescribirla",
    response=ConsistencyProof, query=ConsistencyQuery, tag=TAG,
    errors=(ErrorCode.INVALID_REQUEST, ErrorCode.NOT_FOUND, *UNAVAILABLE),
)  # fmt: skip
async def get_consistency_proof(request: web.Request) -> web.Response:
    return await ask_audit(request, "proof.consistency", query_of(request, ConsistencyQuery))
