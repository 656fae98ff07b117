"""When a party's or independent's accounts are due, and whether they are late.

Where the profile sets a deadline (002 §II.A: accounts sent within 3 days of the
candidacy's approval), the earliest approval of the scope's live candidacies starts it.
"""

from datetime import datetime, timedelta

from contracts.accounts import DeliveryState


def due_at(approvals: list[datetime], deadline_days: int | None) -> datetime | None:
    if deadline_days is None or not approvals:
        return None
    return min(approvals) + timedelta(days=deadline_days)


def delivery_state(
    *, accounts: int, delivered_at: datetime | None, due: datetime | None, now: datetime
) -> DeliveryState:
    if delivered_at is not None:
        return DeliveryState.DELIVERED
    if due is not None and now > due:
        return DeliveryState.OVERDUE
    return DeliveryState.PENDING if accounts else DeliveryState.NOT_ISSUED
