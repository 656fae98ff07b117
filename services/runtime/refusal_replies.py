"""A service's refusals as replies: each domain error its steps raise becomes the typed
``RequestRefused`` its handlers answer with (in Spanish), and the connection a handler
lends its step — in a transaction of its own, or outside any for a read.

Each service declares its own mapping once (``handlers/refusals.py``): ``fixed`` errors
whose reply says the same whatever raised them, and ``codes`` whose message is the
reply's (``fields_of`` gives an error's per-field problems, where it has them).
"""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from contracts.errors import ErrorCode, ErrorReply, FieldProblem
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


def no_fields(error: Exception) -> list[FieldProblem] | None:
    return None


class Refusals:
    def __init__(
        self,
        fixed: dict[type[Exception], tuple[ErrorCode, str]],
        codes: dict[type[Exception], ErrorCode],
        fields_of: Callable[[Exception], list[FieldProblem] | None] = no_fields,
    ) -> None:
        self.fixed, self.codes, self.fields_of = fixed, codes, fields_of
        self.errors = (*fixed, *codes)

    def refusal(self, error: Exception) -> RequestRefused:
        """The reply to a domain error."""
        for kind, (code, detail) in self.fixed.items():
            if isinstance(error, kind):
                return refuse(code, detail)
        code = next(code for kind, code in self.codes.items() if isinstance(error, kind))
        return refuse(code, str(error), self.fields_of(error))

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """Domain errors raised inside become their replies."""
        try:
            yield
        except self.errors as error:
            raise self.refusal(error) from None

    async def in_transaction(
        self,
        deps: ServiceDeps,
        step: Callable[Concatenate[Connection, P], Awaitable[R]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """The step, in a transaction of its own: committed with its reply, rolled back
        with its refusal."""
        with self.refusals():
            async with deps.pool.acquire() as conn, conn.transaction():
                return await step(conn, *args, **kwargs)

    async def with_connection(
        self,
        deps: ServiceDeps,
        step: Callable[Concatenate[Connection, P], Awaitable[R]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """The step, on a connection outside any transaction: a read."""
        with self.refusals():
            async with deps.pool.acquire() as conn:
                return await step(conn, *args, **kwargs)

    async def on_its_own(
        self, step: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """A step that holds its connections itself (a file to take first, CPU work apart)."""
        with self.refusals():
            return await step(*args, **kwargs)
