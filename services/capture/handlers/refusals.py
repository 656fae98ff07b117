"""Who is calling, the connection a handler lends its step, and the one mapping of
capture's refusals to replies (in Spanish): every domain error a step raises becomes
its ``RequestRefused`` here."""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from contracts.requests import Request
from contracts.roles import NotAllowed, OutOfScope, Role
from services.capture.adapters.profile_files import ProfileRefused
from services.capture.adapters.sealing import KeyDestroyed
from services.capture.domain.errors import Forbidden, Invalid, NotFound, QuotaExceeded, Refused
from services.capture.steps.recording import SignedIn
from services.runtime.connections import Connection
from services.runtime.requests import RequestRefused
from services.runtime.service_deps import ServiceDeps

P = ParamSpec("P")
R = TypeVar("R")


def refuse(
    code: ErrorCode, detail: str, fields: list[FieldProblem] | None = None
) -> RequestRefused:
    error = ErrorReply.of(code, detail).model_copy(update={"fields": fields or []})
    return RequestRefused(error)


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
DOMAIN_ERRORS = (*FIXED, *CODES)


def refusal(error: Exception) -> RequestRefused:
    """The reply to a domain error."""
    for kind, (code, detail) in FIXED.items():
        if isinstance(error, kind):
            return refuse(code, detail)
    fields = error.fields if isinstance(error, Invalid) else None
    code = next(code for kind, code in CODES.items() if isinstance(error, kind))
    return refuse(code, str(error), fields)


@contextmanager
def refusals() -> Iterator[None]:
    """Domain errors raised inside become their replies."""
    try:
        yield
    except DOMAIN_ERRORS as error:
        raise refusal(error) from None


async def in_transaction(
    deps: ServiceDeps,
    step: Callable[Concatenate[Connection, P], Awaitable[R]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """The step, in a transaction of its own: committed with its reply, rolled back with
    its refusal."""
    with refusals():
        async with deps.pool.acquire() as conn, conn.transaction():
            return await step(conn, *args, **kwargs)


async def with_connection(
    deps: ServiceDeps,
    step: Callable[Concatenate[Connection, P], Awaitable[R]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """The step, on a connection outside any transaction: a read."""
    with refusals():
        async with deps.pool.acquire() as conn:
            return await step(conn, *args, **kwargs)


async def on_its_own(step: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs) -> R:
    """A step that holds its connections itself (a file to take first, CPU work apart)."""
    with refusals():
        return await step(*args, **kwargs)
