"""User names people can read on a receipt and type: ``pan-captura``, ``pan-supervision-2``."""

import re
import unicodedata
from dataclasses import dataclass

_NOT_ALLOWED = re.compile(r"[^a-z0-9._]+")


@dataclass
class UsernameTaken(Exception):
    """A user name asked for by name (staff) belongs to another account already."""

    username: str


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_ALLOWED.sub("-", plain).strip("-")[:30] or "cuenta"


def first_free(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def check_free(username: str, taken: set[str]) -> None:
    if username in taken:
        raise UsernameTaken(username)
