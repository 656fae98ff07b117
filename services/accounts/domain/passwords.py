"""What makes a password acceptable, and how it is hashed.

At least 12 characters, and not guessable: zxcvbn (Dropbox's estimator, with its
frequency lists of leaked and common passwords, names and words, and its detection of
keyboard walks, repeats, sequences, dates and l33t substitutions) must rate it at least
3 of 4, judged also against the account's own user name and name. zxcvbn's lists are
English; the 30,000 most frequent Spanish words (wordfreq) are added, and the password
is judged without accents, so "contraseña123" is as weak as "password123".
"""

import contextlib
import unicodedata
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from wordfreq import top_n_list
from zxcvbn import zxcvbn
from zxcvbn.matching import add_frequency_lists

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 3
SPANISH_WORDS = 30_000
_JUDGED_PREFIX = 100  # zxcvbn's cost grows with length; a longer tail only adds strength

# RFC 9106's second recommended option (argon2id, t=3, m=64 MiB, p=4): the first one
# (2 GiB per hash) does not fit many concurrent sign-ins on a small server. Measured
# cost here: bench/RESULTS.md ("sign-in").
HASHER = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


@dataclass
class UnacceptablePassword(Exception):
    """The password is refused; ``problems`` say why, in Spanish."""

    problems: list[str]


def check_password(password: str, confirmation: str, *, user_inputs: list[str]) -> None:
    problems = password_problems(password, confirmation, user_inputs=user_inputs)
    if problems:
        raise UnacceptablePassword(problems)


def password_problems(password: str, confirmation: str, *, user_inputs: list[str]) -> list[str]:
    """Why ``password`` is refused, in Spanish; empty when it is acceptable."""
    if password != confirmation:
        return ["La confirmación no coincide con la contraseña."]
    if len(password) < MIN_LENGTH:
        return [f"Debe tener al menos {MIN_LENGTH} caracteres."]
    if len(password) > MAX_LENGTH:
        return [f"Debe tener a lo más {MAX_LENGTH} caracteres."]
    lowered = password.lower()
    for word in user_inputs:
        if len(word) >= 4 and word.lower() in lowered:
            return ["No debe contener su nombre de usuario ni su nombre."]
    _load_spanish_words()
    judged = zxcvbn(_folded(password[:_JUDGED_PREFIX]), user_inputs=user_inputs)
    if judged["score"] < MIN_SCORE:
        return [
            "Es una contraseña común o fácil de adivinar (palabras, nombres, fechas, "
            "secuencias o patrones de teclado). Use una frase larga de varias palabras "
            "poco relacionadas."
        ]
    return []


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@cache
def _load_spanish_words() -> None:
    words = [_folded(word) for word in top_n_list("es", SPANISH_WORDS) if word.isalpha()]
    add_frequency_lists({"spanish_wordfreq": words})


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Always spends one hash's time, even with no stored hash (no timing oracle)."""
    if stored_hash is None:
        with contextlib.suppress(VerificationError):
            HASHER.verify(_DUMMY_HASH, password)
        return False
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = HASHER.hash("conoceles: ninguna cuenta tiene esta contraseña")
