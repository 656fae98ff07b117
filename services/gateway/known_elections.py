"""What the gateway knows of the configured elections: each one's time zone and the
institute that runs it, for the pages that write a moment or name the institute.

The gateway learns them from capture's election list, at most once a minute, on a
signed-in page's way in; a reader who belongs to an election reads its own, the
institute's staff (and anyone before signing in) what most elections say — one
institute, one state: in practice one zone and one name.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

from contracts.operations import capture as capture_operations
from contracts.requests import Empty
from contracts.spanish_dates import DEFAULT_TIME_ZONE
from services.gateway.calls import ask, principal_of
from services.gateway.routing import Handler
from services.runtime.requests import RequestFailed

REFRESH_S = 60.0
NOT_PAGES = ("/api/", "/static/")


def _most_said(values: dict[str, str], election_id: str | None) -> str | None:
    if election_id is not None and election_id in values:
        return values[election_id]
    return Counter(values.values()).most_common(1)[0][0] if values else None


@dataclass
class KnownElections:
    """Each configured election's time zone and institute, as last heard from capture."""

    zones: dict[str, str] = field(default_factory=dict)
    institutes: dict[str, str] = field(default_factory=dict)
    fetched_at: float = -math.inf

    def zone_for(self, election_id: str | None) -> str:
        return _most_said(self.zones, election_id) or DEFAULT_TIME_ZONE

    def institute_for(self, election_id: str | None) -> str | None:
        return _most_said(self.institutes, election_id)


KNOWN_ELECTIONS = web.AppKey("known_elections", KnownElections)


def election_of_reader(request: web.Request) -> str | None:
    principal = principal_of(request)
    return principal.election_id if principal else None


@web.middleware
async def learn_elections(request: web.Request, handler: Handler) -> web.StreamResponse:
    known = request.app[KNOWN_ELECTIONS]
    stale = time.monotonic() - known.fetched_at > REFRESH_S
    if stale and principal_of(request) is not None and not request.path.startswith(NOT_PAGES):
        known.fetched_at = time.monotonic()
        try:
            listed = await ask(request, capture_operations.ELECTION_LIST, Empty())
        except RequestFailed:
            pass  # capture away: what was heard before (or the defaults) still serves
        else:
            known.zones = {
                e.election_id: e.time_zone or DEFAULT_TIME_ZONE for e in listed.elections
            }
            known.institutes = {e.election_id: e.institute for e in listed.elections if e.institute}
    return await handler(request)
