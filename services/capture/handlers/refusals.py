"""Who is calling, the connection a handler lends its step, and the one mapping of
capture's refusals to replies (in Spanish): every domain error a step raises becomes
its ``RequestRefused`` here."""

from typing import Any

from contracts.errors import ErrorCode, FieldProblem
from contracts.requests import Request
from contracts.roles import NotAllowed, OutOfScope, Role
from services.capture.adapters.profile_files import ProfileRefused
from services.capture.adapters.sealing import KeyDestroyed
from services.capture.domain.errors import Forbidden, Invalid, NotFound, QuotaExceeded, Refused
from services.capture.steps.recording import SignedIn
from services.runtime.refusal_replies import Refusals, refuse


def signed_in(request: Request[Any], what: str) -> SignedIn:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, f"Inicie sesión para {what}.")
    return SignedIn(request.principal, request.request_id, request.client_address)


def admin(request: Request[Any], what: str) -> SignedIn:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para continuar.")
    if request.principal.role != Role.ADMIN:
        raise refuse(ErrorCode.FORBIDDEN, f"Solo la administración {what}.")
    return SignedIn(request.principal, request.request_id, request.client_address)


def registration_system(request: Request[Any]) -> SignedIn:
    """The registration system's own account, and no other (001 §14, 002 §II.C)."""
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para continuar.")
    if request.principal.role != Role.REGISTRY:
        raise refuse(
            ErrorCode.FORBIDDEN,
            "Solo el sistema de registro de candidaturas envía cambios del registro.",
        )
    return SignedIn(request.principal, request.request_id, request.client_address)


FIXED: dict[type[Exception], tuple[ErrorCode, str]] = {
    OutOfScope: (ErrorCode.FORBIDDEN, "La candidatura no es de su partido o ámbito."),
    NotAllowed: (ErrorCode.FORBIDDEN, "Su rol no captura ni consulta esta candidatura."),
    KeyDestroyed: (
        ErrorCode.CONFLICT,
        "Los datos de identidad de esta candidatura se suprimieron.",
    ),
}
"""Errors whose reply says the same whatever raised them."""
CODES: dict[type[Exception], ErrorCode] = {
    Invalid: ErrorCode.INVALID_REQUEST,
    NotFound: ErrorCode.NOT_FOUND,
    Refused: ErrorCode.CONFLICT,
    Forbidden: ErrorCode.FORBIDDEN,
    QuotaExceeded: ErrorCode.PAYLOAD_TOO_LARGE,
    ProfileRefused: ErrorCode.INTERNAL,
}
"""Errors whose message is the reply's (and an ``Invalid``'s fields, its fields)."""


def _fields_of(error: Exception) -> list[FieldProblem] | None:
    return error.fields if isinstance(error, Invalid) else None


REFUSALS = Refusals(FIXED, CODES, _fields_of)
in_transaction = REFUSALS.in_transaction
with_connection = REFUSALS.with_connection
on_its_own = REFUSALS.on_its_own
