"""Deadlines, in the institute's time zone; time is always a parameter.

A capture window counts calendar days (000 §3.2: 15 from receiving the accounts; §3.14:
5 after a substitution): weekends and holidays count, and the window closes at the end
of its last day where the institute is. Business days ("by the next business day",
000 §5.4, §6.2) are counted by contracts/business_days.py.

Once a window closes, its draft is neither saved nor submitted: only the institute
extends it, to the end of a day it names (``extended_until``).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from contracts.business_days import end_of_day
from contracts.spanish_dates import last_day_before, long_date, zone_name
from services.capture.domain.errors import Refused

REMINDERS = (dt.timedelta(days=3), dt.timedelta(days=1))


def window_closes(opened: dt.datetime, days: int, time_zone: str) -> dt.datetime:
    """The moment a window of ``days`` calendar days opened at ``opened`` closes: the end
    of the ``days``-th day after the opening day, in the institute's time zone."""
    zone = ZoneInfo(time_zone)
    local_day = opened.astimezone(zone).date()
    return end_of_day(local_day + dt.timedelta(days=days), zone).astimezone(dt.UTC)


def extended_until(last_day: dt.date, time_zone: str) -> dt.datetime:
    """The moment a window extended to ``last_day`` closes: the end of that day."""
    return end_of_day(last_day, ZoneInfo(time_zone)).astimezone(dt.UTC)


def closed_on(deadline: dt.datetime, time_zone: str) -> str:
    """«el miércoles 16 de diciembre de 2026 a las 23:59 (hora del centro de México)»."""
    day = long_date(last_day_before(deadline, time_zone))
    return f"el {day} a las 23:59 ({zone_name(time_zone)})"


def check_window_open(deadline: dt.datetime | None, now: dt.datetime, time_zone: str) -> None:
    """A draft is saved and submitted only while its window is open. Before it opens (the
    accounts not yet delivered) nothing is late."""
    if deadline is not None and now >= deadline:
        raise Refused(
            f"El plazo para capturar esta candidatura terminó {closed_on(deadline, time_zone)}. "
            "Lo guardado se conserva; solo el Instituto puede ampliar el plazo."
        )


def reminder_due(deadline: dt.datetime, now: dt.datetime, before: dt.timedelta) -> bool:
    return deadline - before <= now < deadline
