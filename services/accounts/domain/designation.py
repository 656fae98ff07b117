"""The supervisor is designated before the campaigns start (000 §4.1, 001 §24,
002 §II.B.1, 003 §23, 004 §24): the last day to do it, and when a party that has not is
reminded. Days are the institute's calendar days; time is a parameter."""

from datetime import date, timedelta

REMINDER_DAYS = 7
"""How many days before the last day a party without a supervisor starts being reminded."""


def designate_by(campaigns_start: date | None) -> date | None:
    """The last day to designate: the day before the campaigns start."""
    return None if campaigns_start is None else campaigns_start - timedelta(days=1)


def reminder_due(today: date, campaigns_start: date | None) -> bool:
    """From ``REMINDER_DAYS`` before the last day until that day, inclusive."""
    last = designate_by(campaigns_start)
    return last is not None and last - timedelta(days=REMINDER_DAYS) <= today <= last
