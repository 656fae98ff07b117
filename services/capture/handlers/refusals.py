"""Refusals of the capture service's requests, in Spanish; who is calling; the rows of
an uploaded file."""

from typing import Any

from contracts.capture import ImportFormat
from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from contracts.requests import Principal, Request
from contracts.roles import Role
from services.capture import store
from services.capture.domain.registry_files import UnreadableFile, read_rows
from services.capture.domain.scope import OutOfScope
from services.runtime.requests import RequestRefused


def refuse(
    code: ErrorCode, detail: str, fields: list[FieldProblem] | None = None
) -> RequestRefused:
    error = ErrorReply.of(code, detail).model_copy(update={"fields": fields or []})
    return RequestRefused(error)


def require_admin(request: Request[Any], what: str) -> Principal:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para continuar.")
    if principal.role != Role.ADMIN:
        raise refuse(ErrorCode.FORBIDDEN, f"Solo la administración {what}.")
    return principal


def signed_in(request: Request[Any], what: str) -> Principal:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, f"Inicie sesión para {what}.")
    return request.principal


def scope_refusal(error: Exception) -> RequestRefused:
    if isinstance(error, OutOfScope):
        return refuse(ErrorCode.FORBIDDEN, "La candidatura no es de su partido o ámbito.")
    return refuse(ErrorCode.FORBIDDEN, "Su rol no captura ni consulta esta candidatura.")


async def uploaded_rows(
    conn: Any, principal: Principal, upload_id: str, file_format: ImportFormat
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a file this account uploaded in chunks; refused when incomplete or
    unreadable."""
    content = await store.take_upload(conn, upload_id, principal.account_id)
    if content is None:
        raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no llegó completo; súbalo de nuevo.")
    try:
        rows = read_rows(file_format, content)
    except UnreadableFile as unreadable:
        raise refuse(ErrorCode.INVALID_REQUEST, str(unreadable)) from None
    if not rows:
        raise refuse(ErrorCode.INVALID_REQUEST, "El archivo no tiene filas.")
    return rows
