"""The candidacy registry import: an uploaded file, all or nothing."""

from typing import Any

from contracts.capture import (
    ElectionConfig,
    ImportReport,
    RegistryImport,
    UploadPurpose,
)
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Request
from services.capture import store
from services.capture.domain.registry import check_rows
from services.capture.domain.registry_files import UnreadableFile, read_rows
from services.capture.handlers.refusals import refuse, require_admin
from services.capture.handlers.uploads import uploaded_file
from services.capture.registry import import_formulas

MAX_PROBLEMS_LISTED = 2000


async def import_registry(deps: Any, request: Request[RegistryImport]) -> ImportReport:
    principal = require_admin(request, "importa el registro de candidaturas")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await store.election(conn, order.election_id)
        if row is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
        election = ElectionConfig.model_validate_json(row["config"])
        content = await uploaded_file(
            deps, principal, order.upload_id, UploadPurpose.REGISTRY, order.election_id
        )
        try:
            rows = read_rows(order.format, content)
        except UnreadableFile as unreadable:
            raise refuse(ErrorCode.INVALID_REQUEST, str(unreadable)) from None
        if not rows:
            raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no tiene filas.")
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
