"""Typed errors: what a service answers when it refuses or fails a request.

Each code has a stable machine name (the problem ``type``), an HTTP status for the
gateway, and a default Spanish title for people.
"""

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class ErrorCode(StrEnum):
    INVALID_REQUEST = "solicitud-invalida"
    MALFORMED_REQUEST = "solicitud-mal-formada"
    PAYLOAD_TOO_LARGE = "contenido-demasiado-grande"
    METHOD_NOT_ALLOWED = "metodo-no-admitido"
    UNAUTHENTICATED = "no-autenticado"
    FORBIDDEN = "sin-permiso"
    NOT_FOUND = "no-encontrado"
    CONFLICT = "conflicto"
    TOO_MANY_REQUESTS = "demasiadas-solicitudes"
    SERVICE_UNAVAILABLE = "servicio-no-disponible"
    TIMEOUT = "tiempo-agotado"
    INTERNAL = "error-interno"


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.MALFORMED_REQUEST: 400,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.TOO_MANY_REQUESTS: 429,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 504,
    ErrorCode.INTERNAL: 500,
}

DEFAULT_TITLE: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "La solicitud tiene datos inválidos",
    ErrorCode.MALFORMED_REQUEST: "La solicitud está mal formada",
    ErrorCode.PAYLOAD_TOO_LARGE: "El contenido enviado es demasiado grande",
    ErrorCode.METHOD_NOT_ALLOWED: "Esta dirección no admite ese método",
    ErrorCode.UNAUTHENTICATED: "Es necesario iniciar sesión",
    ErrorCode.FORBIDDEN: "No tiene permiso para esta acción",
    ErrorCode.NOT_FOUND: "No se encontró lo solicitado",
    ErrorCode.CONFLICT: "La acción no es posible en el estado actual",
    ErrorCode.TOO_MANY_REQUESTS: "Demasiadas solicitudes; intente más tarde",
    ErrorCode.SERVICE_UNAVAILABLE: "El servicio no está disponible por el momento",
    ErrorCode.TIMEOUT: "El servicio tardó demasiado en responder",
    ErrorCode.INTERNAL: "Ocurrió un error interno",
}


class FieldProblem(BaseModel):
    """One invalid field: where it is and why, in Spanish (``line``: the row of a file)."""

    field: str
    reason: str
    line: int | None = None


class ErrorReply(BaseModel):
    code: ErrorCode
    title: str
    detail: str
    fields: list[FieldProblem] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, code: ErrorCode, detail: str, **extra: Any) -> "ErrorReply":
        return cls(code=code, title=DEFAULT_TITLE[code], detail=detail, extra=extra)


class Invalid(ValueError):
    """A contract validator's refusal, already worded in Spanish for the person."""
