"""Secrets handed to people: activation codes and enrolment tickets, and while they work.

An activation code carries about 99 bits of entropy in 20 characters of an alphabet without
look-alikes (no 0/O, 1/I/L), printed in groups of four; it is typed once. Only its
SHA-256 is looked up (a high-entropy secret needs no slow hash).
"""

import hashlib
import secrets
from datetime import datetime

from contracts.accounts import AccountStatus

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols: 20 of them ≈ 99 bits
CODE_LENGTH = 20
GROUP = 4
UNFINISHED = (AccountStatus.PENDING, AccountStatus.ENROLLING)
"""What a code still activates: enrolling means the password is set, the second factor not."""


class BadCode(Exception):
    """The activation code is unknown, used, voided or expired, or its account is done."""


class BadTicket(Exception):
    """The enrolment ticket expired, was used, or another enrolment began since."""


def still_good(
    *, used_at: datetime | None, expires_at: datetime, now: datetime, voided_at: datetime | None
) -> bool:
    """A one-time secret works once, until it expires, unless it was voided."""
    return used_at is None and voided_at is None and expires_at > now


def new_activation_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalized_code(typed: str) -> str:
    """What the person typed, without spaces or dashes, in upper case."""
    kept = "".join(ch for ch in typed.upper() if ch.isalnum())
    return "-".join(kept[i : i + GROUP] for i in range(0, len(kept), GROUP))


def secret_hash(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def new_token() -> str:
    """A bearer secret (refresh token, enrolment ticket): 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)
