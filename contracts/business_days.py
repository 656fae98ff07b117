"""The Mexican business calendar every deadline of the procedures counts by: "a más
tardar el día hábil siguiente" (change requests, 000 §5.4, 003 §30, 004 §31; incidents,
000 §6.2, 004 §36; the institute's corrections), in the institute's time zone.

A business day skips weekends, Mexico's statutory holidays (the ``holidays`` package:
Ley Federal del Trabajo art. 74) and the election's own non-working days; "by the next
business day" ends at the close of the first business day after the moment given. Kept
in contracts because every service that sets such a deadline, and the gateway that
writes it, must count it the same way; time is a parameter.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import holidays


def end_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The moment ``day`` ends where ``zone`` is: the midnight that follows it."""
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
    return end_of_day(day, zone).astimezone(dt.UTC)
