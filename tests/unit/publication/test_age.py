"""The age a profile shows (reference §2.1): whole years on the projection's day, one
more on each birthday, never the birth date itself."""

from datetime import date

from services.capture.domain.publicity import age_on


def test_the_age_grows_on_the_birthday_and_not_before() -> None:
    born = date(1985, 6, 15)
    assert age_on(born, date(2027, 6, 14)) == 41
    assert age_on(born, date(2027, 6, 15)) == 42


def test_someone_born_on_29_february_turns_older_on_1_march_in_a_common_year() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2027, 2, 28)) == 26
    assert age_on(born, date(2027, 3, 1)) == 27
