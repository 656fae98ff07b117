"""The short way through the gateway for anonymous public reads (issue 15, performance).

In election week nearly every request is an anonymous read of something each gateway
replica holds in memory: a profile, a search, a contest, the statistics, a photo, the open
data. The full way costs several times the read itself (bench/RESULTS.md): OpenTelemetry's
server span with its attributes and metrics, the request id, the input guard, the session
(its cookies read, a pre-session token prepared) and the elections' time zones. None of
them changes what an anonymous read answers, so such a request goes from this middleware,
the first of all, straight to its handler when

- it is a GET or HEAD of a handler declared ``@public_read`` (above its ``@api.route`` or
  ``@pages.route``), and
- it carries no ``Authorization`` header and no session cookie: a signed-in person goes the
  full way (their name in the header, ``no-store`` on what they receive).

A failure on the short way is answered as on the full way (problem+json, or the error
page). Traces: a share of these reads (``Settings.public_read_trace_ratio``), and each
whose caller sent a sampled ``traceparent``, is traced here with a server span of its own;
the rest cost no span at all.
"""

import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from opentelemetry.trace import Tracer

from contracts.envelope import utc_now
from contracts.incidents import LinkedTrace
from services.gateway.failure_watch import route_of, tell_later
from services.gateway.middlewares import failure_response
from services.gateway.security_headers import SESSION_COOKIES
from services.gateway.server_spans import answered, server_span
from services.runtime.telemetry import current_trace_id

H = TypeVar("H", bound=Callable[[web.Request], Awaitable[web.StreamResponse]])

PUBLIC_READS: set[Callable[..., object]] = set()
READS = frozenset({"GET", "HEAD"})


def public_read(handler: H) -> H:
    """Declare ``handler``, as its route registered it, an anonymous public read."""
    PUBLIC_READS.add(handler)
    return handler


def takes_short_way(request: web.Request) -> bool:
    if request.method not in READS or request.match_info.handler not in PUBLIC_READS:
        return False
    if "Authorization" in request.headers:
        return False
    return "Cookie" not in request.headers or not any(
        name in request.cookies for name in SESSION_COOKIES
    )


def traced(request: web.Request, ratio: float) -> bool:
    """Whether this read gets a span: the caller's sampled flag, or else the share."""
    parent = request.headers.get("traceparent")
    if parent is not None and len(parent) >= 2:
        try:
            return bool(int(parent[-2:], 16) & 1)
        except ValueError:
            pass
    return random.random() < ratio  # noqa: S311  # a sampling share, not a secret


async def answer(request: web.Request) -> web.StreamResponse:
    try:
        return await request.match_info.handler(request)
    except web.HTTPException as http_error:
        if http_error.status < 400:
            raise  # a redirect
        return failure_response(request, http_error)
    except Exception as failure:
        response = failure_response(request, failure)
        tell_later(request, route_of(request), failure, _trace(request, response.status))
        return response


def _trace(request: web.Request, status: int) -> LinkedTrace | None:
    trace_id = current_trace_id()  # a traced read only
    if trace_id is None:
        return None
    what = route_of(request)
    return LinkedTrace(trace_id=trace_id, what=what, status=status, failed=True, at=utc_now())


def short_way(tracer: Tracer, trace_ratio: float) -> Middleware:
    @web.middleware
    async def public_reads_first(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not takes_short_way(request):
            return await handler(request)
        if not traced(request, trace_ratio):
            return await answer(request)
        with server_span(tracer, request, **{"conoceles.short_way": True}) as span:
            response = await answer(request)
            answered(span, response.status)
            return response

    return public_reads_first
