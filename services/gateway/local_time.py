"""The institute's time: every moment a page shows is written where the institute is, and
a moment typed without a zone is read there.

Moments travel in UTC; a page writes them in the time zone of the election its reader
belongs to, or else the one most elections run in (``known_elections.py``).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from contracts.spanish_dates import short_moment, zone_name
from services.gateway.known_elections import KNOWN_ELECTIONS, election_of_reader


def zone_of_reader(request: web.Request) -> str:
    return zone_of_election(request, election_of_reader(request))


def zone_of_election(request: web.Request, election_id: str | None) -> str:
    """The election's time zone, as the gateway last heard it (else the usual one)."""
    return request.app[KNOWN_ELECTIONS].zone_for(election_id)


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


def written_in_zone(moment: datetime | None, time_zone: str) -> str:
    """«16/12/2026 23:59 h (hora del centro de México)»: for a public page, read by anyone
    anywhere, where the time zone is not implied by who reads it."""
    if moment is None:
        return "—"
    return f"{short_moment(moment, time_zone)} ({zone_name(time_zone)})"
