"""Files arrive in chunks (any signed-in account, its own uploads only); the candidacy
registry import takes one, all or nothing."""

import base64
import binascii
from typing import Any

from contracts.capture import (
    ElectionConfig,
    ImportReport,
    RegistryImport,
    UploadChunk,
)
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Empty, Request
from services.capture import store
from services.capture.domain.registry import check_rows
from services.capture.handlers.refusals import refuse, require_admin, signed_in
from services.capture.handlers.uploads import uploaded_rows
from services.capture.registry import import_formulas

MAX_PROBLEMS_LISTED = 2000


async def upload_chunk(deps: Any, request: Request[UploadChunk]) -> Empty:
    principal = signed_in(request, "subir archivos")
    chunk = request.payload
    try:
        data = base64.b64decode(chunk.content_base64, validate=True)
    except binascii.Error:
        raise refuse(ErrorCode.INVALID_REQUEST, "El fragmento no es base64 válido.") from None
    await store.save_chunk(
        deps.pool, chunk.upload_id, chunk.index, chunk.total, data, principal.account_id,
        utc_now(),
    )  # fmt: skip
    return Empty()


async def import_registry(deps: Any, request: Request[RegistryImport]) -> ImportReport:
    principal = require_admin(request, "importa el registro de candidaturas")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await store.election(conn, order.election_id)
        if row is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
        election = ElectionConfig.model_validate_json(row["config"])
        rows = await uploaded_rows(conn, principal, order.upload_id, order.format)
        formulas, problems = check_rows(rows, election)
        result = problems or await import_formulas(
            conn, deps.outbox, election, formulas, principal=principal, now=utc_now(),
            rows=len(rows), request_id=request.request_id, client_address=request.client_address,
        )  # fmt: skip
    if isinstance(result, list):
        listed = result[:MAX_PROBLEMS_LISTED]
        more = f" Se muestran los primeros {len(listed)}." if len(result) > len(listed) else ""
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            f"El archivo tiene {len(result)} problemas; no se importó nada.{more}", listed,
        )  # fmt: skip
    return result
