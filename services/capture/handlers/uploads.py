"""Files that come in chunks (upload.chunk): each chunk is authorised by what the upload
is for before a byte of it is stored, within the account's quota of pending bytes; the
request of that purpose then takes the whole file (or its rows)."""

import base64
import binascii
from typing import Any

from contracts.capture import ImportFormat, UploadChunk, UploadPurpose
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Empty, Principal, Request
from services.capture import store
from services.capture.capturing import profile_of
from services.capture.domain.registry_files import UnreadableFile, read_rows
from services.capture.handlers.candidacies import editable_candidacy
from services.capture.handlers.refusals import refuse, require_admin, signed_in
from services.runtime.service_deps import ServiceDeps


async def _authorise(conn: Any, request: Request[UploadChunk]) -> Principal:
    """Who may send a file for this purpose and target: the same check as the request
    that will take it, so a file no one may use is never stored."""
    chunk = request.payload
    if chunk.purpose is UploadPurpose.REGISTRY:
        return require_admin(request, "importa el registro de candidaturas")
    principal = signed_in(request, "subir archivos")
    if chunk.purpose is UploadPurpose.PRELOAD:
        election = await store.election(conn, chunk.target)
        if election is None:
            raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
        if not profile_of(election).capture.bulk_preload:
            raise refuse(ErrorCode.CONFLICT, "Este proceso no prevé la precarga masiva.")
        return principal
    await editable_candidacy(conn, principal, chunk.target)
    return principal


async def upload_chunk(deps: ServiceDeps, request: Request[UploadChunk]) -> Empty:
    chunk = request.payload
    async with deps.pool.acquire() as conn:
        principal = await _authorise(conn, request)
        try:
            data = base64.b64decode(chunk.content_base64, validate=True)
        except binascii.Error:
            raise refuse(ErrorCode.INVALID_REQUEST, "El fragmento no es base64 válido.") from None
        quota = deps.settings.upload_pending_max_bytes
        kept = await store.save_chunk(
            conn,
            (chunk.upload_id, chunk.index, chunk.total, data),
            chunk.purpose.value,
            chunk.target,
            principal.account_id,
            utc_now(),
            quota,
        )
    if not kept:
        raise refuse(
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"El archivo excede lo que una cuenta puede tener en curso de subida "
            f"({quota // (1024 * 1024)} MB); espere a que terminen sus otras subidas o "
            "divida el archivo.",
        )
    return Empty()


async def uploaded_file(
    deps: ServiceDeps, principal: Principal, upload_id: str, purpose: UploadPurpose, target: str
) -> bytes:
    """A file this account uploaded for this purpose and target, taken in a transaction
    of its own: once a request has it, it is gone, even if the request is refused."""
    async with deps.pool.acquire() as conn:
        content = await store.take_upload(
            conn, upload_id, principal.account_id, purpose.value, target
        )
    if content is None:
        raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no llegó completo; súbalo de nuevo.")
    return content


async def uploaded_rows(
    deps: ServiceDeps,
    principal: Principal,
    upload_id: str,
    file_format: ImportFormat,
    target: str,
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of an uploaded pre-load file; refused when incomplete, unreadable or empty."""
    content = await uploaded_file(deps, principal, upload_id, UploadPurpose.PRELOAD, target)
    try:
        rows = list(read_rows(file_format, content, deps.settings.registry_max_rows))
    except UnreadableFile as unreadable:
        raise refuse(ErrorCode.INVALID_REQUEST, str(unreadable)) from None
    if not rows:
        raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no tiene filas.")
    return rows
