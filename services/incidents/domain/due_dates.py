"""When an incident is due (000 §6.2, 001 §36, 004 §36: resolved and reported «a más
tardar al día hábil siguiente a su recepción»; 003 §34: «lo más pronto posible», no
fixed day), and when it is overdue. Business days are counted where the institute is,
skipping Mexico's holidays and the election's own non-working days
(contracts/business_days.py)."""

import datetime as dt
from collections.abc import Iterable

from contracts.business_days import next_business_day_closes
from contracts.incidents import IncidentStatus
from contracts.profile import IncidentSla

OPEN = frozenset({IncidentStatus.RECEIVED, IncidentStatus.IN_PROGRESS})
"""Until it is resolved, support still owes it."""


def due_at(
    received_at: dt.datetime,
    sla: IncidentSla,
    time_zone: str,
    non_working_days: Iterable[dt.date] = (),
) -> dt.datetime | None:
    """The end of the business day after the one it arrived on, or None where the
    profile says «as soon as technically possible»."""
    if sla is IncidentSla.AS_SOON_AS_POSSIBLE:
        return None
    return next_business_day_closes(received_at, time_zone, non_working_days)


def is_overdue(status: IncidentStatus, due: dt.datetime | None, now: dt.datetime) -> bool:
    return status in OPEN and due is not None and now >= due
