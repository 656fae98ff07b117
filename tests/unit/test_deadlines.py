"""Deadlines across a weekend, a Mexican holiday and the time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

from contracts.business_days import is_business_day, next_business_day_closes
from services.capture.domain.deadlines import reminder_due, window_closes

MONTERREY = "America/Monterrey"
TIJUANA = "America/Tijuana"


def local(day: str, hour: int, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZoneInfo(zone))


def test_fifteen_calendar_days_count_weekends_and_holidays() -> None:
    # Delivered Friday 5 March 2027; 15 March (Benito Juárez) and two weekends inside.
    # Day 1 is Saturday 6 March; day 15 is Saturday 20 March, which ends at midnight.
    closes = window_closes(local("2027-03-05", 18, MONTERREY), 15, MONTERREY)
    assert closes == local("2027-03-21", 0, MONTERREY)


def test_the_window_closes_at_midnight_where_the_institute_is() -> None:
    # 23:30 in Monterrey is already the next day in UTC: the local day decides.
    opened = local("2027-03-05", 23, MONTERREY).replace(minute=30)
    assert opened.astimezone(dt.UTC).date() == dt.date(2027, 3, 6)
    closes = window_closes(opened, 5, MONTERREY)
    assert closes == local("2027-03-11", 0, MONTERREY).astimezone(dt.UTC)
    assert window_closes(opened, 5, TIJUANA) != closes  # two hours west, another midnight


def test_the_next_business_day_skips_the_weekend_and_the_holiday() -> None:
    # A request on Friday 12 March 2027: Saturday, Sunday and Monday 15 (holiday) skipped.
    due = next_business_day_closes(local("2027-03-12", 10, MONTERREY), MONTERREY)
    assert due.astimezone(ZoneInfo(MONTERREY)).date() == dt.date(2027, 3, 17)
    assert not is_business_day(dt.date(2027, 3, 15))


def test_the_elections_own_non_working_days_are_skipped_too() -> None:
    due = next_business_day_closes(
        local("2027-03-16", 10, MONTERREY), MONTERREY, [dt.date(2027, 3, 17)]
    )
    assert due.astimezone(ZoneInfo(MONTERREY)).date() == dt.date(2027, 3, 19)


def test_reminders_fall_due_three_days_and_one_day_before() -> None:
    deadline = dt.datetime(2027, 3, 21, 6, tzinfo=dt.UTC)
    assert reminder_due(deadline, deadline - dt.timedelta(days=2), dt.timedelta(days=3))
    assert not reminder_due(deadline, deadline - dt.timedelta(days=4), dt.timedelta(days=3))
    assert not reminder_due(deadline, deadline, dt.timedelta(days=1))
