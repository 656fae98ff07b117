"""Lockout against guessing: a growing delay per user name and per client address.

The user name typed is counted whether or not such an account exists, so a lockout tells
nothing about which accounts exist. Success clears the user name's count.

The lock per user name is the real guard of each account. The lock per address stops one
address from trying one password on many names; but an institute's staff often share one
address (NAT), so it holds back only user names that have not succeeded from that address
lately: a colleague who signed in or activated from there is not kept out by someone
else's failures. Activation codes carry ~99 bits (codes.py): a correct one is never held
back, and the address lock answers only wrong ones.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

KNOWN_ADDRESS_FOR = timedelta(days=90)


class LockedOut(Exception):
    """Too many failures from this user name or address: wait before trying again."""


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


def per_address(free_failures: int, max_lock_s: int) -> LockoutRule:
    """The address's rule, from its settings (raised for institutes behind one NAT)."""
    max_delay = timedelta(seconds=max_lock_s)
    return LockoutRule(
        free_failures=free_failures,
        first_delay=min(timedelta(seconds=30), max_delay),
        max_delay=max_delay,
    )


def address_holds_back(*, address_locked: bool, known_here: bool) -> bool:
    """A locked address keeps out only user names that have not succeeded from it."""
    return address_locked and not known_here


def user_name_key(typed: str) -> str:
    return "usuario:" + typed.strip().lower()


def address_key(address: str) -> str:
    return "direccion:" + address
