"""API routes that only pass a call through to a service, declared as one table a module.

``declare_forwards(TAG, Forward("get_inbox", "GET /api/v1/avisos", NOTICE_INBOX, "…"), …)``
declares each row's route and builds its handler: it reads the payload (below), asks the
operation on the caller's behalf and answers what the operation replies. The route's
response is the operation's reply model, so the OpenAPI document and the reply cannot
drift apart:

- a reply of ``Empty`` is a 204 with no body;
- a ``Document`` is a download (``extra_statuses`` names its media types);
- any other model is JSON of exactly that model.

The payload: the body (``body=``) or the query string (``query=``) read into its model,
a 422 when it does not fit; when that model is the operation's payload and the path has
no parameters, it is the payload. Otherwise the payload is the path's parameters (cut to
length) and that model's fields, handed over unchecked: the service validates them, and
records what it refuses of a signed-in caller in the activity log.

The rows are added in their order, where the call stands in its module (routing.py says
when order matters).
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiohttp import web
from pydantic import BaseModel

from contracts.errors import ErrorCode
from contracts.operations import Operation
from contracts.requests import Document, Empty
from services.gateway.api import api
from services.gateway.calls import ask
from services.gateway.documents import document_response
from services.gateway.params import body_of, path_parameters, query_of
from services.gateway.rate_limits import SlidingWindow, check_rate

PayloadT = TypeVar("PayloadT", bound=BaseModel)
ReplyT = TypeVar("ReplyT", bound=BaseModel)
UNMODELLED_REPLIES = (Empty, Document)  # a 204 and a download: no JSON to declare


@dataclass(frozen=True)
class Forward(Generic[PayloadT, ReplyT]):
    """One pass-through route: its operationId in the OpenAPI document, ``"METHOD /path"``,
    the operation it asks, the summary and the errors the document lists.

    ``body``, ``query``: the model the payload is read from (above); ``limit``: the rate
    limit an attempt counts against, before anything is read; ``timeout_s``,
    ``anonymous``: as ``calls.ask``; ``extra_statuses``: as ``api.route``."""

    operation_id: str
    route: str
    operation: Operation[PayloadT, ReplyT]
    summary: str
    errors: tuple[ErrorCode, ...] = ()
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    limit: web.AppKey[SlidingWindow] | None = None
    timeout_s: float | None = None
    anonymous: bool = False
    extra_statuses: dict[int, str] | None = None

    def __post_init__(self) -> None:
        method, _, path = self.route.partition(" ")
        if not method.isupper() or not path.startswith("/"):
            raise ValueError(f"{self.operation_id}: a route is 'METHOD /path', not {self.route!r}")

    @property
    def method(self) -> str:
        return self.route.partition(" ")[0]

    @property
    def path(self) -> str:
        return self.route.partition(" ")[2]


def declare_forwards(tag: str, *forwards: Forward[Any, Any]) -> None:
    """Declare each row's route, under ``tag`` in the OpenAPI document, and its handler."""
    for each in forwards:
        _declare(tag, each)


def _declare(tag: str, forward: Forward[PayloadT, ReplyT]) -> None:
    operation = forward.operation

    async def forwarded(request: web.Request) -> ReplyT | web.StreamResponse:
        if forward.limit is not None:
            check_rate(request, request.app[forward.limit])
        payload = await _payload(request, operation.payload, body=forward.body, query=forward.query)
        reply = await ask(
            request, operation, payload, timeout_s=forward.timeout_s, anonymous=forward.anonymous
        )
        if isinstance(reply, Empty):
            return web.Response(status=204)
        if isinstance(reply, Document):
            return document_response(reply)
        return reply

    forwarded.__name__ = forwarded.__qualname__ = forward.operation_id
    api.route(
        forward.method,
        forward.path,
        summary=forward.summary,
        response=None if operation.reply in UNMODELLED_REPLIES else operation.reply,
        tag=tag,
        request=forward.body,
        query=forward.query,
        errors=forward.errors,
        extra_statuses=forward.extra_statuses,
    )(forwarded)


async def _payload(
    request: web.Request,
    model: type[PayloadT],
    *,
    body: type[BaseModel] | None,
    query: type[BaseModel] | None,
) -> PayloadT:
    sent = await body_of(request, body) if body else query_of(request, query) if query else None
    parameters = path_parameters(request)
    if isinstance(sent, model) and not parameters:
        return sent
    fields: dict[str, Any] = {**parameters, **(dict(sent) if sent is not None else {})}
    return model.model_construct(**fields)
