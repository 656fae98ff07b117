"""What the gateway remembers for the bitácora (issue 16): each signed-in person's last
requests, which a report of theirs carries (so support starts from what really happened,
the failing ones marked), and the server errors it answers, each told to the incidents
service, which groups them by fingerprint into one incident that counts occurrences.

The last requests are kept in this replica's memory, a few per account and for a bounded
number of accounts: a report filed through another replica carries that replica's, and
a restart forgets them. Nothing of a request but its method, route template (never its
path's values or query), status, moment and trace id is kept.

A server error is told without waiting for it: the person's answer does not depend on
the bitácora, and the gateway has no outbox. A failure of that call is logged, and at
most ``MAX_TELLING`` are in flight (an outage of the incidents service does not pile up
tasks).
"""

import asyncio
import logging
from collections import OrderedDict, deque
from datetime import UTC, datetime

import nats.errors
from aiohttp import web
from aiohttp.typedefs import Handler

from contracts.errors import HTTP_STATUS, ErrorCode
from contracts.incidents import LINKED_TRACES_MAX, LinkedTrace, ServerFailure
from contracts.operations import incidents as incident_operations
from services.gateway.calls import principal_of
from services.gateway.middlewares import request_id
from services.gateway.state import SERVICES
from services.runtime.requests import RequestFailed
from services.runtime.telemetry import current_trace_id

log = logging.getLogger(__name__)

PER_ACCOUNT = 10
ACCOUNTS = 20_000
MAX_TELLING = 50


class RecentRequests:
    """Each account's last ``PER_ACCOUNT`` requests; the accounts least recently seen
    leave first past ``ACCOUNTS``."""

    def __init__(self, per_account: int = PER_ACCOUNT, accounts: int = ACCOUNTS) -> None:
        self._per_account = per_account
        self._accounts = accounts
        self._seen: OrderedDict[str, deque[LinkedTrace]] = OrderedDict()

    def note(self, account_id: str, trace: LinkedTrace) -> None:
        kept = self._seen.get(account_id)
        if kept is None:
            kept = self._seen[account_id] = deque(maxlen=self._per_account)
        self._seen.move_to_end(account_id)
        kept.append(trace)
        while len(self._seen) > self._accounts:
            self._seen.popitem(last=False)

    def of(self, account_id: str) -> list[LinkedTrace]:
        """The newest last, at most ``LINKED_TRACES_MAX``."""
        return list(self._seen.get(account_id, ()))[-LINKED_TRACES_MAX:]


RECENT_REQUESTS = web.AppKey("recent_requests", RecentRequests)
TELLING = web.AppKey("telling_failures", set[asyncio.Task[None]])


NOT_WORTH_KEEPING = ("/static", "/incidentes", "/api/v1/incidentes", "/fotos")
"""Stylesheets and photos a page pulls in, and the reporting itself: not what failed."""


def _worth_keeping(request: web.Request) -> bool:
    resource = request.match_info.route.resource
    if resource is None or isinstance(resource, web.StaticResource):
        return False  # no page there (a browser's favicon), or a static file
    return not resource.canonical.startswith(NOT_WORTH_KEEPING)


def route_of(request: web.Request) -> str:
    resource = request.match_info.route.resource
    template = resource.canonical if resource is not None else "(sin ruta)"
    return f"{request.method} {template}"[:300]


def _is_server_failure(failure: BaseException) -> bool:
    if isinstance(failure, RequestFailed):
        return failure.error.code is ErrorCode.INTERNAL
    return not isinstance(failure, web.HTTPException | nats.errors.MaxPayloadError)


async def _tell(request: web.Request, failure: ServerFailure) -> None:
    try:
        await request.app[SERVICES].ask(
            incident_operations.SERVER_FAILURE,
            failure,
            request_id=request_id(request),
            timeout_s=5.0,
        )
    except RequestFailed as not_told:
        log.warning("server failure not told to incidents", extra={"error": not_told.error.detail})


def tell_later(
    request: web.Request, route: str, failure: BaseException, trace: LinkedTrace | None
) -> None:
    """Tell incidents of this server failure, without waiting."""
    telling = request.app[TELLING]
    if len(telling) >= MAX_TELLING:
        log.warning("server failure not told to incidents: too many in flight")
        return
    kind = (
        failure.error.code.value if isinstance(failure, RequestFailed) else type(failure).__name__
    )
    told = ServerFailure(
        fingerprint=f"{route}:{kind}"[:200],
        route=route,
        error=kind[:200],
        at=datetime.now(UTC),
        trace=trace,
    )
    task = asyncio.get_running_loop().create_task(_tell(request, told))
    telling.add(task)
    task.add_done_callback(telling.discard)


@web.middleware
async def watch_failures(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Inside the sessions middleware (who is calling is known) and OpenTelemetry's (the
    trace is the request's)."""
    status, failure = 500, None
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as http_error:
        status = http_error.status
        raise
    except Exception as raised:
        failure = raised
        if isinstance(raised, RequestFailed):
            status = HTTP_STATUS.get(raised.error.code, 500)
        raise
    finally:
        principal = principal_of(request)
        keep = principal is not None and _worth_keeping(request)
        tell = failure is not None and _is_server_failure(failure)
        trace_id = current_trace_id() if keep or tell else None  # an anonymous success: none
        if trace_id is not None:
            route = route_of(request)
            trace = LinkedTrace(
                trace_id=trace_id,
                what=route,
                status=status,
                failed=status >= 500,
                at=datetime.now(UTC),
            )
            if keep and principal is not None:
                request.app[RECENT_REQUESTS].note(principal.account_id, trace)
            if tell and failure is not None:
                tell_later(request, route, failure, trace)
