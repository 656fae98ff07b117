"""The demo's publication start: the day ``make up`` first loads it, kept on later loads,
and brought forward from an older demo whose start is still ahead."""

from datetime import date

from services.capture.demo import STILL_AHEAD, demo_config, publication_day

TODAY = date(2026, 12, 2)


def test_the_first_load_publishes_from_that_day() -> None:
    assert publication_day(None, TODAY) == TODAY


def test_a_later_load_keeps_the_first_days_start() -> None:
    assert publication_day(date(2026, 11, 20), TODAY) == date(2026, 11, 20)


def test_an_older_demo_whose_start_is_still_ahead_publishes_from_today() -> None:
    assert publication_day(STILL_AHEAD, TODAY) == TODAY


def test_the_demo_starts_publication_before_election_day() -> None:
    calendar = demo_config(publication_day(None, TODAY)).calendar
    assert calendar.election_day is not None and calendar.publication_starts < calendar.election_day
    assert demo_config().calendar.publication_starts == STILL_AHEAD, "what tests configure"
