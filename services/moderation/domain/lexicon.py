"""The lexicon: words and phrases that may infringe Art. 18 (002 §II.A.1 II, III and VII;
000 §3.15), each with its category and the prohibition it maps to, and where a text
holds them.

A term is matched on whole words, without case or accents, and with its inflections by
default (the words' Snowball stems, words.py): «histérica» finds «Histéricas». A term
whose stem innocent words share («vota» and «voto», «zorra» and «zorro») is matched in
its own form only. A phrase matches its words in order with nothing but spaces between
them. Where a longer term covers a shorter one («vota por» over «vota»), the longer
speaks. A hit never blocks: it orders the queue, and a verifier decides.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from contracts.moderation import FlagKind, Prohibition
from services.moderation.domain.findings import Flag
from services.moderation.domain.words import Word, adjacent, words


class LexiconCategory(StrEnum):
    DISCRIMINATORY = "sexista_discriminatorio"  # sexist or discriminatory language
    POLITICAL_VIOLENCE = "violencia_politica_genero"  # may be gender-based political violence
    CALL_TO_VOTE = "llamado_al_voto"  # campaign slogans and calls to vote
    OFFENSIVE = "ofensivo"  # offensive language


CATEGORY_LABEL: dict[LexiconCategory, str] = {
    LexiconCategory.DISCRIMINATORY: "Lenguaje sexista o discriminatorio",
    LexiconCategory.POLITICAL_VIOLENCE: "Posible violencia política contra las mujeres "
    "en razón de género",
    LexiconCategory.CALL_TO_VOTE: "Llamado al voto o lema de campaña",
    LexiconCategory.OFFENSIVE: "Lenguaje ofensivo",
}
"""What a verifier reads before the term, in a flag's detail."""

CATEGORY_PROHIBITIONS: dict[LexiconCategory, frozenset[Prohibition]] = {
    LexiconCategory.DISCRIMINATORY: frozenset({Prohibition.SEXIST_LANGUAGE, Prohibition.OFFENSIVE}),
    LexiconCategory.POLITICAL_VIOLENCE: frozenset({Prohibition.SEXIST_LANGUAGE}),
    LexiconCategory.CALL_TO_VOTE: frozenset({Prohibition.CAMPAIGN_SLOGANS}),
    LexiconCategory.OFFENSIVE: frozenset({Prohibition.OFFENSIVE}),
}
"""Which prohibitions a term of each category may cite (002 §II.A.1: II offensive or
discriminatory, III sexist or political violence, VII slogans)."""


@dataclass(frozen=True)
class LexiconTerm:
    term: str
    category: LexiconCategory
    prohibition: Prohibition
    inflections: bool = True  # False: this form only (accents and case aside)


@dataclass(frozen=True)
class _Pattern:
    keys: tuple[str, ...]  # each word's stem (inflections) or plain form
    inflections: bool
    term: LexiconTerm

    def key_of(self, word: Word) -> str:
        return word.stem if self.inflections else word.plain


class Lexicon:
    """A lexicon compiled for matching: patterns indexed by their first word's key."""

    def __init__(self, version: str, terms: list[LexiconTerm]) -> None:
        self.version = version
        self.terms = tuple(terms)
        self._by_stem: dict[str, list[_Pattern]] = {}
        self._by_plain: dict[str, list[_Pattern]] = {}
        seen: set[tuple[bool, tuple[str, ...]]] = set()
        for term in terms:
            its_words = words(term.term)
            keys = tuple(w.stem if term.inflections else w.plain for w in its_words)
            if not keys or (term.inflections, keys) in seen:
                continue  # «vota por» and «votar por» are one pattern once stemmed
            seen.add((term.inflections, keys))
            index = self._by_stem if term.inflections else self._by_plain
            index.setdefault(keys[0], []).append(_Pattern(keys, term.inflections, term))

    def hits(self, field: str, text: str) -> list[Flag]:
        """Every term the text holds, in order, the longest where two overlap."""
        found = self._matches(text, words(text))
        kept: list[tuple[int, int, LexiconTerm]] = []
        for start, end, term in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
            if kept and start < kept[-1][1]:
                continue  # inside (or across) a longer hit already kept
            kept.append((start, end, term))
        return [_flag(field, text, start, end, term) for start, end, term in kept]

    def _matches(self, text: str, its_words: Sequence[Word]) -> list[tuple[int, int, LexiconTerm]]:
        found = []
        for at, word in enumerate(its_words):
            for pattern in (*self._by_stem.get(word.stem, ()), *self._by_plain.get(word.plain, ())):
                last = at + len(pattern.keys) - 1
                if last >= len(its_words):
                    continue
                if all(
                    pattern.key_of(its_words[at + n]) == key
                    and (n == 0 or adjacent(text, its_words[at + n - 1], its_words[at + n]))
                    for n, key in enumerate(pattern.keys)
                ):
                    found.append((word.start, its_words[last].end, pattern.term))
        return found


def _flag(field: str, text: str, start: int, end: int, term: LexiconTerm) -> Flag:
    evidence = text[start:end]
    detail = f"{CATEGORY_LABEL[term.category]}: “{term.term}”"
    if " ".join(w.plain for w in words(evidence)) != " ".join(w.plain for w in words(term.term)):
        detail = f"{CATEGORY_LABEL[term.category]}: “{evidence}” (del léxico: “{term.term}”)"
    return Flag(
        kind=FlagKind.LEXICON,
        prohibition=term.prohibition,
        field=field,
        start=start,
        end=end,
        evidence=evidence,
        detail=detail,
    )
