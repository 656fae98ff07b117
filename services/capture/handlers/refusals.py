"""Refusals of the capture service's requests, in Spanish, and who is calling."""

from typing import Any

from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from contracts.requests import Principal, Request
from contracts.roles import OutOfScope, Role
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
