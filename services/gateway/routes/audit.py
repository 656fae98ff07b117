"""The activity log's public face: the latest signed checkpoint, the key, and proofs.

Anyone may fetch these, with no account: they let an outside auditor check that the log
was never rewritten. They are asked on nobody's behalf (``anonymous``).
"""

from aiohttp import web

from contracts.audit import ConsistencyQuery, EntrySearch, InclusionQuery
from contracts.errors import ErrorCode
from contracts.operations import audit as audit_operations
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.forwards import Forward, declare_forwards
from services.gateway.params import query_of
from services.runtime.spreadsheets import csv_text

TAG = "bitácora de actividad"
UNAVAILABLE = (ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)
VERIFY_TIMEOUT_S = 300.0  # recomputing a large log takes seconds: this call waits longer

declare_forwards(
    TAG,
    Forward(
        "get_checkpoint",
        "GET /api/v1/auditoria/checkpoint",
        audit_operations.CHECKPOINT_LATEST,
        "Último checkpoint firmado de la bitácora",
        (ErrorCode.NOT_FOUND, *UNAVAILABLE),
        anonymous=True,
    ),
    Forward(
        "get_public_key",
        "GET /api/v1/auditoria/llave-publica",
        audit_operations.KEY_PUBLIC,
        "Llave pública que firma los checkpoints",
        UNAVAILABLE,
        anonymous=True,
    ),
    Forward(
        "get_inclusion_proof",
        "GET /api/v1/auditoria/prueba-inclusion",
        audit_operations.PROOF_INCLUSION,
        "Prueba de que una entrada está en la bitácora de cierto tamaño",
        (ErrorCode.INVALID_REQUEST, ErrorCode.NOT_FOUND, *UNAVAILABLE),
        query=InclusionQuery,
        anonymous=True,
    ),
    Forward(
        "get_consistency_proof",
        "GET /api/v1/auditoria/prueba-consistencia",
        audit_operations.PROOF_CONSISTENCY,
        "Prueba de que la bitácora de un tamaño extiende la de otro sin reescribirla",
        (ErrorCode.INVALID_REQUEST, ErrorCode.NOT_FOUND, *UNAVAILABLE),
        query=ConsistencyQuery,
        anonymous=True,
    ),
    Forward(
        "get_entries",
        "GET /api/v1/auditoria/entradas",
        audit_operations.ENTRIES_SEARCH,
        "Consultar la bitácora de actividad (administración y soporte)",
        (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.INVALID_REQUEST, *UNAVAILABLE),
        query=EntrySearch,
    ),
    Forward(
        "post_verification",
        "POST /api/v1/auditoria/verificacion",
        audit_operations.LOG_VERIFY,
        "Verificar ahora toda la bitácora (administración y soporte)",
        (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, *UNAVAILABLE),
        timeout_s=VERIFY_TIMEOUT_S,
    ),
)


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
    page = await ask(request, audit_operations.ENTRIES_SEARCH, search)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="bitacora.csv"',
        }
    )
    await response.prepare(request)
    await response.write(("\ufeff" + csv_text([[h for _, h in CSV_COLUMNS]])).encode())
    number = 1
    while True:
        rows = [[getattr(e, name) for name, _ in CSV_COLUMNS] for e in page.entries]
        await response.write(csv_text(rows).encode())
        if number * CSV_PAGE >= page.total:
            break
        number += 1
        next_page = search.model_copy(update={"pagina": number})
        page = await ask(request, audit_operations.ENTRIES_SEARCH, next_page)
    await response.write_eof()
    return response
