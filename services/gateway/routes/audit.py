"""The activity log's public face: the latest signed checkpoint, the key, and proofs.

Anyone may fetch these, with no account: they let an outside auditor check that the log
was never rewritten.
"""

from aiohttp import web
from pydantic import BaseModel

from contracts.audit import (
    ConsistencyProof,
    ConsistencyQuery,
    EntryPage,
    EntrySearch,
    InclusionProof,
    InclusionQuery,
    LogVerification,
    PublicKey,
    SignedCheckpoint,
)
from contracts.errors import ErrorCode
from contracts.requests import Empty
from contracts.services import ServiceName
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.middlewares import REQUEST_ID
from services.gateway.params import query_of
from services.gateway.state import SERVICES
from services.runtime.spreadsheets import csv_text

TAG = "bitácora de actividad"


async def ask_audit(request: web.Request, operation: str, payload: BaseModel) -> web.Response:
    data = await request.app[SERVICES].call(
        ServiceName.AUDIT, operation, payload, request_id=request[REQUEST_ID]
    )
    return web.json_response(data)


UNAVAILABLE = (ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)


@api.route(
    "GET",
    "/api/v1/auditoria/checkpoint",
    summary="Último checkpoint firmado de la bitácora",
    response=SignedCheckpoint,
    tag=TAG,
    errors=(ErrorCode.NOT_FOUND, *UNAVAILABLE),
)
async def get_checkpoint(request: web.Request) -> web.Response:
    return await ask_audit(request, "checkpoint.latest", Empty())


@api.route(
    "GET",
    "/api/v1/auditoria/llave-publica",
    summary="Llave pública que firma los checkpoints",
    response=PublicKey,
    tag=TAG,
    errors=UNAVAILABLE,
)
async def get_public_key(request: web.Request) -> web.Response:
    return await ask_audit(request, "key.public", Empty())


@api.route(
    "GET",
    "/api/v1/auditoria/prueba-inclusion",
    summary="Prueba de que una entrada está en la bitácora de cierto tamaño",
    response=InclusionProof,
    query=InclusionQuery,
    tag=TAG,
    errors=(ErrorCode.INVALID_REQUEST, ErrorCode.NOT_FOUND, *UNAVAILABLE),
)
async def get_inclusion_proof(request: web.Request) -> web.Response:
    return await ask_audit(request, "proof.inclusion", query_of(request, InclusionQuery))


@api.route(
    "GET",
    "/api/v1/auditoria/prueba-consistencia",
    summary="Prueba de que la bitácora de un tamaño extiende la de otro sin reescribirla",
    response=ConsistencyProof,
    query=ConsistencyQuery,
    tag=TAG,
    errors=(ErrorCode.INVALID_REQUEST, ErrorCode.NOT_FOUND, *UNAVAILABLE),
)
async def get_consistency_proof(request: web.Request) -> web.Response:
    return await ask_audit(request, "proof.consistency", query_of(request, ConsistencyQuery))


@api.route(
    "GET",
    "/api/v1/auditoria/entradas",
    summary="Consultar la bitácora de actividad (administración y soporte)",
    response=EntryPage,
    query=EntrySearch,
    tag=TAG,
    errors=(
        ErrorCode.UNAUTHENTICATED,
        ErrorCode.FORBIDDEN,
        ErrorCode.INVALID_REQUEST,
        *UNAVAILABLE,
    ),
)
async def get_entries(request: web.Request) -> web.Response:
    search = query_of(request, EntrySearch)
    return web.json_response(await ask(request, ServiceName.AUDIT, "entries.search", search))


CSV_COLUMNS = (
    ("seq", "Número"),
    ("occurred_at", "Fecha y hora"),
    ("account_id", "Cuenta"),
    ("role", "Rol"),
    ("service", "Módulo"),
    ("action", "Acción"),
    ("target_kind", "Objeto"),
    ("target_id", "Id del objeto"),
    ("outcome", "Resultado"),
    ("request_id", "Solicitud"),
    ("trace_id", "Traza"),
    ("client_address", "Dirección"),
)
CSV_PAGE = 500


@api.route(
    "GET",
    "/api/v1/auditoria/entradas.csv",
    summary="Exportar la selección de la bitácora como CSV (UTF-8)",
    response=None,
    query=EntrySearch,
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, *UNAVAILABLE),
    extra_statuses={200: "text/csv"},
)
async def get_entries_csv(request: web.Request) -> web.StreamResponse:
    """Every entry the filters select, page by page, streamed as it is read."""
    search = query_of(request, EntrySearch).model_copy(update={"pagina": 1, "por_pagina": CSV_PAGE})
    first = EntryPage.model_validate(
        await ask(request, ServiceName.AUDIT, "entries.search", search)
    )
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="bitacora.csv"',
        }
    )
    await response.prepare(request)
    await response.write(("\ufeff" + csv_text([[h for _, h in CSV_COLUMNS]])).encode())
    page, number = first, 1
    while True:
        rows = [[getattr(e, name) for name, _ in CSV_COLUMNS] for e in page.entries]
        await response.write(csv_text(rows).encode())
        if number * CSV_PAGE >= page.total:
            break
        number += 1
        page = EntryPage.model_validate(
            await ask(
                request,
                ServiceName.AUDIT,
                "entries.search",
                search.model_copy(update={"pagina": number}),
            )
        )
    await response.write_eof()
    return response


VERIFY_TIMEOUT_S = 300.0


@api.route(
    "POST",
    "/api/v1/auditoria/verificacion",
    summary="Verificar ahora toda la bitácora (administración y soporte)",
    response=LogVerification,
    tag=TAG,
    errors=(ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, *UNAVAILABLE),
)
async def post_verification(request: web.Request) -> web.Response:
    return web.json_response(await verify_now(request))


async def verify_now(request: web.Request) -> dict[str, object]:
    """Recomputing a large log takes seconds: this call waits longer than others."""
    return await ask(request, ServiceName.AUDIT, "log.verify", Empty(), timeout_s=VERIFY_TIMEOUT_S)
