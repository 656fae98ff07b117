"""The last day to designate the supervisor is the day before the campaigns start
(000 §4.1); the reminder runs the week before it, that day included, and never without a
start in the calendar."""

from datetime import date

from services.accounts.domain.designation import designate_by, reminder_due

START = date(2027, 4, 4)


def test_the_last_day_is_the_day_before_the_campaigns() -> None:
    assert designate_by(START) == date(2027, 4, 3)
    assert designate_by(None) is None


def test_the_reminder_runs_the_week_before_the_last_day() -> None:
    assert not reminder_due(date(2027, 3, 26), START)
    assert reminder_due(date(2027, 3, 27), START)
    assert reminder_due(date(2027, 4, 3), START)
    assert not reminder_due(date(2027, 4, 4), START)  # the campaigns started: too late
    assert not reminder_due(date(2027, 4, 1), None)
