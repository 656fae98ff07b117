"""When an incident is due, under the profiles of two institutes: Nuevo León's «a más
tardar al día hábil siguiente a su recepción» (000 §6.2) and Durango's «lo más pronto
posible» (003 §34), across weekends, Mexican holidays, the election's own non-working
days and the institute's time zone."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contracts.incidents import IncidentStatus
from contracts.profile import IncidentSla
from services.capture.adapters.profile_files import load_profile
from services.incidents.domain.due_dates import due_at, is_overdue

PROFILES = Path(__file__).parents[3] / "deploy" / "profiles"
NUEVO_LEON = load_profile(PROFILES / "nuevo-leon.toml")
DURANGO = load_profile(PROFILES / "durango.toml")
MONTERREY = "America/Monterrey"


def local(day: dt.date, hour: int, minute: int = 0, zone: str = MONTERREY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


def nuevo_leon_due(received: dt.datetime, non_working: list[dt.date] | None = None) -> dt.datetime:
    found = due_at(received, NUEVO_LEON.incidents.sla, NUEVO_LEON.time_zone, non_working or [])
    assert found is not None
    return found


def test_the_profiles_say_next_business_day_in_nuevo_leon_and_as_soon_as_possible_in_durango() -> (
    None
):
    assert NUEVO_LEON.incidents.sla is IncidentSla.NEXT_BUSINESS_DAY
    assert DURANGO.incidents.sla is IncidentSla.AS_SOON_AS_POSSIBLE


def test_a_report_on_a_tuesday_is_due_when_wednesday_ends() -> None:
    received = local(dt.date(2027, 3, 9), 10)
    assert nuevo_leon_due(received) == local(dt.date(2027, 3, 11), 0)


def test_a_report_on_friday_night_is_due_when_monday_ends() -> None:
    received = local(dt.date(2027, 3, 5), 23, 30)
    assert nuevo_leon_due(received) == local(dt.date(2027, 3, 9), 0)


def test_a_mexican_holiday_is_skipped() -> None:
    # Monday 1 February 2027 is Constitution Day (first Monday of February).
    received = local(dt.date(2027, 1, 29), 12)  # a Friday
    assert nuevo_leon_due(received) == local(dt.date(2027, 2, 3), 0)  # Tuesday ends


def test_the_elections_own_non_working_days_are_skipped() -> None:
    received = local(dt.date(2027, 3, 9), 10)
    skipped = [dt.date(2027, 3, 10), dt.date(2027, 3, 11)]
    assert nuevo_leon_due(received, skipped) == local(dt.date(2027, 3, 13), 0)  # Friday


def test_the_day_is_the_institutes_not_utcs() -> None:
    # 04:30 UTC on Wednesday is still Tuesday evening in Monterrey: due when Wednesday ends
    # there, not when Thursday does.
    received = dt.datetime(2027, 3, 10, 4, 30, tzinfo=dt.UTC)
    assert received.astimezone(local(dt.date(2027, 3, 9), 0).tzinfo).day == 9
    assert nuevo_leon_due(received) == local(dt.date(2027, 3, 11), 0)


@pytest.mark.parametrize("status", list(IncidentStatus))
def test_only_an_unresolved_incident_past_its_due_is_overdue(status: IncidentStatus) -> None:
    due = local(dt.date(2027, 3, 11), 0)
    later = due + dt.timedelta(minutes=1)
    unresolved = status in (IncidentStatus.RECEIVED, IncidentStatus.IN_PROGRESS)
    assert is_overdue(status, due, later) is unresolved
    assert not is_overdue(status, due, due - dt.timedelta(minutes=1))


def test_in_durango_an_incident_has_no_due_day_and_is_never_overdue() -> None:
    received = local(dt.date(2027, 3, 12), 23, 30)
    due = due_at(received, DURANGO.incidents.sla, DURANGO.time_zone)
    assert due is None
    assert not is_overdue(IncidentStatus.RECEIVED, due, received + dt.timedelta(days=30))
