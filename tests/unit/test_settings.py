"""Settings refuse combinations that would silently break a guarantee."""

import pytest
from pydantic import ValidationError

from services.runtime.inbox import redelivery_delay
from services.runtime.settings import Settings


def test_a_duplicate_window_shorter_than_the_relay_horizon_is_refused() -> None:
    with pytest.raises(ValidationError, match="re-publish horizon"):
        Settings(duplicate_window_s=30)


def test_the_default_duplicate_window_covers_the_relay_horizon() -> None:
    settings = Settings()
    assert settings.duplicate_window_s > settings.relay_republish_horizon_s


@pytest.mark.parametrize("bad", ["Conoceles", "con-oceles", "1abc", "a" * 40])
def test_an_instance_name_unfit_for_databases_and_subjects_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="instance"):
        Settings(instance=bad)


def test_redelivery_waits_longer_each_time_and_then_stays_at_the_longest() -> None:
    settings = Settings(consumer_backoff_s=(1.0, 5.0, 15.0))
    assert [redelivery_delay(settings, n) for n in (1, 2, 3, 4, 9)] == [1, 5, 15, 15, 15]
