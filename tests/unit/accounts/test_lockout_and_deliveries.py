"""Lockout delays and delivery deadlines, as pure functions of time."""

from datetime import UTC, datetime, timedelta

from contracts.accounts import DeliveryState
from services.accounts.domain.handover import delivery_state, due_at
from services.accounts.domain.lockout import PER_USER_NAME, address_holds_back, per_address

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_first_failures_do_not_lock() -> None:
    assert PER_USER_NAME.locked_until(4, NOW) is None


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_the_cap() -> None:
    waits = [PER_USER_NAME.locked_until(n, NOW) - NOW for n in (5, 6, 7, 20)]  # type: ignore[operator]
    assert waits[:3] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert waits[3] == timedelta(minutes=30)


def test_the_address_rule_follows_its_settings_and_spares_names_known_there() -> None:
    rule = per_address(free_failures=200, max_lock_s=10)
    assert rule.locked_until(199, NOW) is None
    assert rule.locked_until(260, NOW) == NOW + timedelta(seconds=10)
    assert address_holds_back(address_locked=True, known_here=False)
    assert not address_holds_back(address_locked=True, known_here=True)


ZACATECAS = "America/Mexico_City"  # UTC-6 all year


def test_the_deadline_counts_calendar_days_from_the_day_after_the_earliest_approval() -> None:
    """002 §II.A: three calendar days counted from the day after the approval, so an
    approval on the 21st is due by the end of the 24th, where the institute is."""
    approvals = [NOW, NOW - timedelta(days=2)]  # the earliest: 21 Nov, 06:00 local
    assert due_at(approvals, 3, ZACATECAS) == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    late_night = datetime(2026, 11, 22, 5, 30, tzinfo=UTC)  # still 21 Nov, 23:30 local
    assert due_at([late_night], 3, ZACATECAS) == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    assert due_at(approvals, None, ZACATECAS) is None
    assert due_at([], 3, ZACATECAS) is None


def test_delivery_states() -> None:
    due = NOW + timedelta(days=1)
    assert (
        delivery_state(accounts=0, delivered_at=None, due=due, now=NOW) is DeliveryState.NOT_ISSUED
    )
    assert delivery_state(accounts=3, delivered_at=None, due=due, now=NOW) is DeliveryState.PENDING
    late = NOW + timedelta(days=2)
    assert delivery_state(accounts=3, delivered_at=None, due=due, now=late) is DeliveryState.OVERDUE
    assert delivery_state(accounts=0, delivered_at=None, due=due, now=late) is DeliveryState.OVERDUE
    assert (
        delivery_state(accounts=3, delivered_at=NOW, due=due, now=late) is DeliveryState.DELIVERED
    )
