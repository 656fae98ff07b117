"""Lockout against guessing: a growing delay per user name and per client address.

The user name typed is counted whether or not such an account exists, so a lockout tells
nothing about which accounts exist. Success clears the user name's count.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutRule:
    free_failures: int
    first_delay: timedelta
    max_delay: timedelta

    def locked_until(self, failures: int, last_failure_at: datetime) -> datetime | None:
        """After ``free_failures``, each failure doubles the wait, up to ``max_delay``."""
        if failures < self.free_failures:
            return None
        doublings = min(failures - self.free_failures, 16)
        delay: timedelta = min(self.first_delay * (2**doublings), self.max_delay)
        locked_until: datetime = last_failure_at + delay
        return locked_until


PER_USER_NAME = LockoutRule(
    free_failures=5, first_delay=timedelta(seconds=30), max_delay=timedelta(minutes=30)
)
PER_ADDRESS = LockoutRule(
    free_failures=20, first_delay=timedelta(seconds=30), max_delay=timedelta(minutes=30)
)


def user_name_key(typed: str) -> str:
    return "usuario:" + typed.strip().lower()


def address_key(address: str) -> str:
    return "direccion:" + address
