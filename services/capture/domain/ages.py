"""Ages counted on a day: the law asks each office's candidacies for a minimum age in
years completed on election day (``Office.minimum_age``, ``Calendar.election_day``)."""

import datetime as dt


def born_by(years: int, day: dt.date) -> dt.date:
    """The latest birth date of a person who has completed ``years`` on ``day``.

    Whoever was born that many years before ``day`` has just turned that age; when that
    date does not exist (``day`` is 29 February, the year back a common one), 28 February
    is the last day of the month they could be born in and be old enough."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
