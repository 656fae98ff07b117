"""The JSON API's routes, declared once with their contracts.

Each route names its response model (and request model, query model and possible
errors); the router is built from these declarations and so is the OpenAPI document, so
a route added by any issue appears in ``/api/v1/openapi.json`` with no hand-written YAML.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from pydantic import BaseModel

from contracts.errors import ErrorCode

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    handler: Handler
    summary: str
    response_model: type[BaseModel] | None
    tag: str
    request_model: type[BaseModel] | None = None
    query_model: type[BaseModel] | None = None
    errors: tuple[ErrorCode, ...] = ()
    success_status: int = 200
    extra_statuses: dict[int, str] = field(default_factory=dict)


class ApiRegistry:
    def __init__(self) -> None:
        self.routes: list[ApiRoute] = []

    def route(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        response: type[BaseModel] | None,
        tag: str,
        request: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        errors: tuple[ErrorCode, ...] = (),
        extra_statuses: dict[int, str] | None = None,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(
                ApiRoute(
                    method=method,
                    path=path,
                    handler=handler,
                    summary=summary,
                    response_model=response,
                    tag=tag,
                    request_model=request,
                    query_model=query,
                    errors=errors,
                    extra_statuses=extra_statuses or {},
                )
            )
            return handler

        return register

    def declared(self, handler: object) -> ApiRoute | None:
        """The declaration of the route ``handler`` answers, if it is the JSON API's."""
        return next((route for route in self.routes if route.handler is handler), None)

    def add_to(self, app: web.Application) -> None:
        for route in self.routes:
            app.router.add_route(route.method, route.path, route.handler)


api = ApiRegistry()
