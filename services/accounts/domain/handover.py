"""Handing a party's or independent's accounts over: when they are due, whether they are
late, and when a delivery may be recorded.

Where the profile sets a deadline (002 §II.A: accounts sent within 3 days of the
candidacy's approval), the earliest approval of the scope's live candidacies starts it.
The recorded moment of delivery starts the 15-day capture window (000 §3.2): it is
recorded once, never in the future, and only for accounts that exist.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from contracts.accounts import DeliveryState


class NothingToPrint(Exception):
    """The scope has no activation code left to hand over (all used, voided or expired)."""


class NothingIssued(Exception):
    """No account of the scope has been issued yet: there is nothing to deliver."""


class DeliveryInFuture(Exception):
    """A delivery is recorded once it happened, not before."""


@dataclass
class AlreadyDelivered(Exception):
    """The scope's (or substitute's) delivery was recorded before; it is recorded once."""

    delivered_at: datetime
    time_zone: str


@dataclass
class NotASubstitute(Exception):
    """A delivery of one candidacy's accounts is for a live substitute of the scope."""

    candidacy_id: str


def due_at(approvals: list[datetime], deadline_days: int | None, time_zone: str) -> datetime | None:
    """The end of the last of ``deadline_days`` calendar days counted from the day after
    the earliest approval, where the institute is (002 §II.A: "tres (3) días naturales
    contados a partir del día siguiente a la aprobación")."""
    if deadline_days is None or not approvals:
        return None
    zone = ZoneInfo(time_zone)
    approved_on = min(approvals).astimezone(zone).date()
    last_day = approved_on + timedelta(days=deadline_days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def delivery_state(
    *, accounts: int, delivered_at: datetime | None, due: datetime | None, now: datetime
) -> DeliveryState:
    if delivered_at is not None:
        return DeliveryState.DELIVERED
    if due is not None and now > due:
        return DeliveryState.OVERDUE
    return DeliveryState.PENDING if accounts else DeliveryState.NOT_ISSUED


def check_delivery_moment(delivered_at: datetime, now: datetime) -> None:
    if delivered_at > now:
        raise DeliveryInFuture


def check_deliverable(live_accounts: int) -> None:
    if not live_accounts:
        raise NothingIssued
