"""Who is calling, the connection a handler lends its step, and the one mapping of
moderation's refusals to replies (in Spanish): every domain error a step raises becomes
its ``RequestRefused`` here."""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

from contracts.errors import ErrorCode, ErrorReply
from contracts.requests import Request
from contracts.roles import NotAllowed, OutOfScope
from services.moderation.domain.errors import Forbidden, NotFound, Refused
from services.moderation.steps.recording import SignedIn
from services.runtime.connections import Connection
from services.runtime.requests import RequestRefused
from services.runtime.service_deps import ServiceDeps

P = ParamSpec("P")
R = TypeVar("R")

CODES: dict[type[Exception], ErrorCode] = {
    NotFound: ErrorCode.NOT_FOUND,
    Refused: ErrorCode.CONFLICT,
    Forbidden: ErrorCode.FORBIDDEN,
}
"""Errors whose message is the reply's."""
FIXED: dict[type[Exception], tuple[ErrorCode, str]] = {
    OutOfScope: (ErrorCode.FORBIDDEN, "La candidatura no es de su partido o ámbito."),
    NotAllowed: (ErrorCode.FORBIDDEN, "Su rol no puede hacer esto."),
}
"""Errors whose reply says the same whatever raised them."""


def refuse(code: ErrorCode, detail: str) -> RequestRefused:
    return RequestRefused(ErrorReply.of(code, detail))


def signed_in(request: Request[Any], what: str) -> SignedIn:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, f"Inicie sesión para {what}.")
    return SignedIn(request.principal, request.request_id, request.client_address)


@contextmanager
def refusals() -> Iterator[None]:
    """Domain errors raised inside become their replies."""
    try:
        yield
    except (*FIXED, *CODES) as error:
        for kind, (code, detail) in FIXED.items():
            if isinstance(error, kind):
                raise refuse(code, detail) from None
        code = next(code for kind, code in CODES.items() if isinstance(error, kind))
        raise refuse(code, str(error)) from None


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
