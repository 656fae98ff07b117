"""Files that came in chunks (upload.chunk): the whole file, or its rows."""

from typing import Any

from contracts.capture import ImportFormat
from contracts.errors import ErrorCode
from contracts.requests import Principal
from services.capture import store
from services.capture.domain.registry_files import UnreadableFile, read_rows
from services.capture.handlers.refusals import refuse


async def uploaded_file(conn: Any, principal: Principal, upload_id: str) -> bytes:
    """A file this account uploaded; refused when a chunk is missing."""
    content = await store.take_upload(conn, upload_id, principal.account_id)
    if content is None:
        raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no llegó completo; súbalo de nuevo.")
    return content


async def uploaded_rows(
    conn: Any, principal: Principal, upload_id: str, file_format: ImportFormat
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of an uploaded file; refused when incomplete, unreadable or empty."""
    content = await uploaded_file(conn, principal, upload_id)
    try:
        rows = read_rows(file_format, content)
    except UnreadableFile as unreadable:
        raise refuse(ErrorCode.INVALID_REQUEST, str(unreadable)) from None
    if not rows:
        raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no tiene filas.")
    return rows
