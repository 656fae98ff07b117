"""The institute's time: every moment a page shows is written where the institute is.

Moments travel in UTC; a page writes them in the time zone of the election its reader
belongs to, or, for the institute's own staff, the zone most of the configured elections
run in (one institute, one state: in practice one zone). The gateway learns the zones
from capture's election list, at most once a minute, on a signed-in page's way in.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from contracts.operations import capture as capture_operations
from contracts.requests import Empty
from contracts.spanish_dates import DEFAULT_TIME_ZONE, short_moment
from services.gateway.calls import ask, principal_of
from services.gateway.routing import Handler
from services.runtime.requests import RequestFailed

DEFAULT_ZONE = DEFAULT_TIME_ZONE  # before any election is configured
REFRESH_S = 60.0
NOT_PAGES = ("/api/", "/static/")


@dataclass
class ElectionZones:
    """Each configured election's time zone, as last heard from capture."""

    zones: dict[str, str] = field(default_factory=dict)
    fetched_at: float = -math.inf

    def zone_for(self, election_id: str | None) -> str:
        if election_id is not None and election_id in self.zones:
            return self.zones[election_id]
        if not self.zones:
            return DEFAULT_ZONE
        return Counter(self.zones.values()).most_common(1)[0][0]


ELECTION_ZONES = web.AppKey("election_zones", ElectionZones)


def zone_of_reader(request: web.Request) -> str:
    principal = principal_of(request)
    return request.app[ELECTION_ZONES].zone_for(principal.election_id if principal else None)


def typed_moment_in(typed: str, time_zone: str) -> str:
    """A moment typed without a zone (a ``datetime-local`` field) read where the institute
    is; text that is no moment is left as it is, for validation to refuse."""
    try:
        moment = datetime.fromisoformat(typed)
    except ValueError:
        return typed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(time_zone))
    return moment.isoformat()


def written(moment: datetime | None, time_zone: str) -> str:
    """«16/12/2026 23:59 h» where the institute is; a dash for a moment that never came."""
    return short_moment(moment, time_zone) if moment else "—"


@web.middleware
async def learn_election_zones(request: web.Request, handler: Handler) -> web.StreamResponse:
    known = request.app[ELECTION_ZONES]
    stale = time.monotonic() - known.fetched_at > REFRESH_S
    if stale and principal_of(request) is not None and not request.path.startswith(NOT_PAGES):
        known.fetched_at = time.monotonic()
        try:
            listed = await ask(request, capture_operations.ELECTION_LIST, Empty())
        except RequestFailed:
            pass  # capture away: the zones heard before (or the default) still serve
        else:
            known.zones = {e.election_id: e.time_zone or DEFAULT_ZONE for e in listed.elections}
    return await handler(request)
