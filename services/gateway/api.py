"""The JSON API's routes, declared once with their contracts.

Each route names its response model (and request model, query model and possible
errors); the router is built from these declarations and so is the OpenAPI document, so
a route added by any issue appears in ``/api/v1/openapi.json`` with no hand-written YAML.

A handler declared with a response model returns that model (mypy checks it against the
declaration) and the route replies it as JSON; one that returns anything else, or a
subclass that would carry fields the document does not list, fails as the programming
error it is (``UndeclaredReply``, a 500 any test of the route sees). A handler declared
without one (a file, a 204, a stream) returns its own response.
"""

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from aiohttp import web
from pydantic import BaseModel

from contracts.errors import ErrorCode
from services.gateway.routing import Handler

ReplyT = TypeVar("ReplyT", bound=BaseModel)


@dataclass(frozen=True)
class WithStatus(Generic[ReplyT]):
    """The declared reply, sent with another status the route declares (``extra_statuses``)."""

    reply: ReplyT
    status: int


ApiHandler = Callable[[web.Request], Awaitable[ReplyT | WithStatus[ReplyT] | web.StreamResponse]]


class UndeclaredReply(TypeError):
    """A route answered a model, or a status, its declaration does not name."""


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    handler: Handler
    operation_id: str
    summary: str
    response_model: type[BaseModel] | None
    tag: str
    request_model: type[BaseModel] | None = None
    query_model: type[BaseModel] | None = None
    errors: tuple[ErrorCode, ...] = ()
    success_status: int = 200
    extra_statuses: dict[int, str] = field(default_factory=dict)


def json_reply(
    reply: BaseModel, status: int, declared: type[BaseModel] | None, statuses: frozenset[int]
) -> web.Response:
    """``reply`` as JSON, if it is exactly the ``declared`` model, with a declared status."""
    if type(reply) is not declared or status not in statuses:
        raise UndeclaredReply(
            f"answered {type(reply).__name__} with status {status}; the route declares "
            f"{declared.__name__ if declared else 'no model'} with {sorted(statuses)}"
        )
    return web.json_response(reply.model_dump(mode="json", by_alias=True), status=status)


class ApiRegistry:
    def __init__(self) -> None:
        self.routes: list[ApiRoute] = []

    def add(self, route: ApiRoute) -> None:
        self.routes.append(route)

    def route(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        response: type[ReplyT] | None,
        tag: str,
        request: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        errors: tuple[ErrorCode, ...] = (),
        extra_statuses: dict[int, str] | None = None,
    ) -> Callable[[ApiHandler[ReplyT]], Handler]:
        statuses = frozenset({200, *(extra_statuses or {})})

        def register(handler: ApiHandler[ReplyT]) -> Handler:
            @functools.wraps(handler)
            async def replying(request: web.Request) -> web.StreamResponse:
                answer = await handler(request)
                if isinstance(answer, web.StreamResponse):
                    return answer
                if isinstance(answer, WithStatus):
                    return json_reply(answer.reply, answer.status, response, statuses)
                return json_reply(answer, 200, response, statuses)

            self.add(
                ApiRoute(
                    method=method,
                    path=path,
                    handler=replying,
                    operation_id=handler.__name__,
                    summary=summary,
                    response_model=response,
                    tag=tag,
                    request_model=request,
                    query_model=query,
                    errors=errors,
                    extra_statuses=extra_statuses or {},
                )
            )
            return replying

        return register

    def declared(self, handler: object) -> ApiRoute | None:
        """The declaration of the route ``handler`` answers, if it is the JSON API's."""
        return next((route for route in self.routes if route.handler is handler), None)

    def add_to(self, app: web.Application) -> None:
        for route in self.routes:
            app.router.add_route(route.method, route.path, route.handler)


api = ApiRegistry()
