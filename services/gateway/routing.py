"""Declaring a route beside its handler: the pages here, the JSON API in api.py.

A page is declared with ``@pages.route("GET", "/entrar")`` on its handler, an API route
with ``@api.route("GET", "/api/v1/…", summary=…, response=…)`` (or, when it only passes
a call through to a service, as a row of ``declare_forwards(…)``: forwards.py);
``setup_routes`` adds everything declared, so no path is written twice.

Order: aiohttp tries first the routes filed under the longest fixed start of the
address (``/captura/validacion`` before ``/captura/{candidacy_id}``, which would take it
too), then, among routes filed under the same start, the first added. Routes are added
in the order they are declared, so within one module a fixed path is declared before a
parameter that could take it, and that order survives any version of aiohttp.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HandlerT = TypeVar("HandlerT", bound=Handler)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler


class PageRegistry:
    """The HTML pages and their forms' actions, in the order they were declared."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str | tuple[str, ...], path: str) -> Callable[[HandlerT], HandlerT]:
        """Declare ``handler`` as the page of ``path`` for ``method`` (or each of several:
        a page that asks before it acts answers its GET and its POST alike)."""
        methods = (method,) if isinstance(method, str) else method

        def register(handler: HandlerT) -> HandlerT:
            self.routes.extend(Route(each, path, handler) for each in methods)
            return handler

        return register

    def add_to(self, app: web.Application) -> None:
        for route in self.routes:
            if route.method == "GET":  # and HEAD, as a browser or a link checker may ask
                app.router.add_get(route.path, route.handler)
            else:
                app.router.add_route(route.method, route.path, route.handler)


pages = PageRegistry()
