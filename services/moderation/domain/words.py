"""The words of a text as the screening compares them: each with its exact place in the
text, its plain form (no case, no accents) and its stem (Snowball's Spanish stemmer), so
that «Histéricas», «histerica» and «HISTÉRICA» are one word and «devota» is not «vota».

Matching whole words is what keeps an innocent word that contains a flagged one from
being flagged: «disputa» holds «puta» and «América» holds «marica», but neither is that
word. The «ñ» stays: «año» is not «ano».
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")
"""A run of letters (with any combining accents of a decomposed text); digits, '_' and
punctuation separate words."""

UNACCENTED = str.maketrans("áéíóúüàèìòùâêîôû", "aeiouuaeiouaeiou")
_STEMMER = snowballstemmer.stemmer("spanish")
OPENING = frozenset(" \t\u00a0«“\"'¿¡(")
SENTENCE_END = frozenset(".!?\n:;…")


@dataclass(frozen=True, slots=True)
class Word:
    start: int  # [start, end) in the text, in characters
    end: int
    text: str  # exactly as written
    plain: str  # casefolded, unaccented (the ñ kept)
    stem: str  # Snowball's Spanish stem of the plain form

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def in_capitals(self) -> bool:
        """Every letter a capital, e.g. «PRI»: how an acronym is written."""
        return len(self.text) > 1 and self.text.isupper()


def plain(text: str) -> str:
    """``text`` without case or accents: «Votación» → «votacion»; «Año» → «año»."""
    return unicodedata.normalize("NFC", text).casefold().translate(UNACCENTED)


@lru_cache(maxsize=200_000)
def stem(plain_word: str) -> str:
    return str(_STEMMER.stemWord(plain_word))


@lru_cache(maxsize=200_000)
def _keys(written: str) -> tuple[str, str]:
    flat = plain(written)
    return flat, stem(flat)


@lru_cache(maxsize=64)
def words(text: str) -> tuple[Word, ...]:
    """The text's words in order (the last texts' kept: the lexicon, mentions and their
    look-up read the same fields)."""
    found = []
    for match in WORD.finditer(text):
        flat, root = _keys(match.group())
        found.append(Word(match.start(), match.end(), match.group(), flat, root))
    return tuple(found)


def stems(text: str) -> list[str]:
    """The stems of the text's words, in order (what a proposal's shingles are made of)."""
    return [_keys(written)[1] for written in WORD.findall(text)]


def adjacent(text: str, before: Word, after: Word) -> bool:
    """Whether two words follow each other in one phrase: only spaces between them, no
    punctuation and no line break («vota. Por eso» and a list's two items are not)."""
    gap = text[before.end : after.start]
    return gap != "" and gap.strip(" \t\u00a0") == ""


def sentence_start(text: str, word: Word) -> bool:
    """Whether ``word`` opens a sentence (or the text, or a line), where Spanish writes
    any word with a capital."""
    at = word.start - 1
    while at >= 0 and text[at] in OPENING:
        at -= 1
    return at < 0 or text[at] in SENTENCE_END
