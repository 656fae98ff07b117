"""Who is calling, the connection a handler lends its step, and the one mapping of the
incidents service's refusals to replies (in Spanish): every domain error a step raises
becomes its ``RequestRefused`` here (services/runtime/refusal_replies.py)."""

from typing import Any

from contracts.errors import ErrorCode
from contracts.requests import Request
from contracts.roles import NotAllowed
from services.incidents.domain.errors import Forbidden, Invalid, NotFound, Refused
from services.incidents.steps.recording import SignedIn
from services.runtime.refusal_replies import Refusals, refuse

CODES: dict[type[Exception], ErrorCode] = {
    NotFound: ErrorCode.NOT_FOUND,
    Refused: ErrorCode.CONFLICT,
    Forbidden: ErrorCode.FORBIDDEN,
    Invalid: ErrorCode.INVALID_REQUEST,
}
"""Errors whose message is the reply's."""
FIXED: dict[type[Exception], tuple[ErrorCode, str]] = {
    NotAllowed: (ErrorCode.FORBIDDEN, "Su rol no puede hacer esto."),
}

REFUSALS = Refusals(FIXED, CODES)
in_transaction = REFUSALS.in_transaction
with_connection = REFUSALS.with_connection


def signed_in(request: Request[Any], what: str) -> SignedIn:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, f"Inicie sesión para {what}.")
    return SignedIn(request.principal, request.request_id, request.client_address)
