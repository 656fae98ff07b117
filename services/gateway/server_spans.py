"""The gateway's server span: one per request, continuing the caller's W3C trace context.

Ours rather than OpenTelemetry's aiohttp instrumentation, which cost about a tenth of a
request through the gateway (bench/hop.py: its attributes of the old and new semantic
conventions, its metrics, the redaction of the URL) and, instrumenting once per process,
sent the spans of every gateway after the first to the first's tracer provider. The span
says what a reader of a trace needs (``services/runtime/trace_tree.py``): the method, the
path, the route's template and the answer's status; a 5xx marks it failed.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from opentelemetry.propagate import extract
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer


def route_template(request: web.Request) -> str:
    route = request.match_info.route.resource
    return route.canonical if route is not None else request.path


@contextmanager
def server_span(tracer: Tracer, request: web.Request, **attributes: bool) -> Iterator[Span]:
    template = route_template(request)
    with tracer.start_as_current_span(
        f"{request.method} {template}",
        context=extract(request.headers),
        kind=SpanKind.SERVER,
        attributes={
            "http.request.method": request.method,
            "url.path": request.path,
            "http.route": template,
            **attributes,
        },
    ) as span:
        yield span


def answered(span: Span, status: int) -> None:
    span.set_attribute("http.response.status_code", status)
    if status >= 500:
        span.set_status(Status(StatusCode.ERROR))


def traced_requests(tracer: Tracer) -> Middleware:
    """Every request the short way (public_short_way.py) did not answer, in its span."""

    @web.middleware
    async def in_a_span(request: web.Request, handler: Handler) -> web.StreamResponse:
        with server_span(tracer, request) as span:
            try:
                response = await handler(request)
            except web.HTTPException as http_error:  # a redirect (the rest are answers)
                answered(span, http_error.status)
                raise
            answered(span, response.status)
            return response

    return in_a_span
