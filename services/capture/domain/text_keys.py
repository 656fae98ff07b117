"""The forms of a text that a comparison ignores: case, accents, spacing, Unicode
normalisation.

A file typed in Excel says "CARGO", "cargo " or "Número de lista" for one column, and
"MUJER" or "propietaria" for one value; a name exported by one system in decomposed
Unicode and by another composed is the same name. These are the keys under which such
texts are compared, never what is stored.
"""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]")


def tidy(text: str) -> str:
    """``text`` in Unicode NFC, trimmed, with each inner run of spaces made one space:
    how a name is stored."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _unaccented(text: str) -> str:
    if text.isascii():  # most of a registry: nothing to decompose (casefold is lower there)
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def plain(text: str) -> str:
    """``text`` without case, accents or extra spaces: "  José  ÁNGEL" → "jose angel"."""
    return _SPACES.sub(" ", _unaccented(text)).strip()


@functools.lru_cache(maxsize=4096)
def compact(text: str) -> str:
    """``text`` reduced to its letters and digits, unaccented and lower case: a column
    heading's key ("Número de lista", "numero_de_lista" → "numerodelista"). Remembered:
    a registry names the same few offices, parties and choices in every row."""
    return _NOT_LETTER_OR_DIGIT.sub("", _unaccented(text))
