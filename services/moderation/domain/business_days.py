"""When a change request is due: "a más tardar el día hábil siguiente a la recepción del
requerimiento" (000 §5.4, 003 §30, 004 §31), in the institute's time zone; time is a
parameter.

A business day skips weekends, Mexico's statutory holidays (the ``holidays`` package:
Ley Federal del Trabajo art. 74) and the election's own non-working days; "by the next
business day" ends at the close of the first business day after the moment given. The
same rule as capture's deadlines (services/capture/domain/deadlines.py), kept here too
because no service reads another's code.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import holidays


def _end_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)


def is_business_day(day: dt.date, extra_non_working: Iterable[dt.date] = ()) -> bool:
    if day.weekday() >= 5 or day in set(extra_non_working):
        return False
    return day not in holidays.country_holidays("MX", years=day.year)


def next_business_day_closes(
    moment: dt.datetime, time_zone: str, extra_non_working: Iterable[dt.date] = ()
) -> dt.datetime:
    """The end of the first business day after ``moment``'s own day, where the institute is."""
    zone = ZoneInfo(time_zone)
    extra = set(extra_non_working)
    day = moment.astimezone(zone).date() + dt.timedelta(days=1)
    while not is_business_day(day, extra):
        day += dt.timedelta(days=1)
    return _end_of_day(day, zone).astimezone(dt.UTC)
