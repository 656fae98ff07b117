"""Mentions of other parties and other candidacies (002 §II.A.1 V; 000 §3.15): the
election's own catalogue, looked for in a candidacy's public text.

"Other" is what the candidacy does not stand for: its capturing party and the partners of
each coalition that party belongs to are its own, and so is its own owner's name; every
other party, coalition and candidacy's owner is other. An independent candidacy has no
party of its own.

How a name is recognised:
- An acronym or a one-word name («PRI», «PAN», «Morena») is a whole word, written in
  capitals («PAN») or with a capital in mid-sentence («el Pan»): Spanish writes a common
  noun in lower case, so «pan» (the bread) and «Pan» opening a sentence are not the party,
  and «morena» is a colour. A party written in lower case («el pri») is missed, on
  purpose: the case is what tells the party from the word.
- A name of several words («Partido Revolucionario Institucional», «Ana López Pérez») is
  matched fuzzily (rapidfuzz) on the plain words of a run that starts and ends with a
  capitalised word, so that «Ana Lopez Peres» is Ana López Pérez but «un movimiento
  ciudadano» is not Movimiento Ciudadano. A person is also known without the second
  surname («Ana López»).
- Where a hit overlaps one of the candidacy's own names (its owner «Ana López Pérez»
  holds another's «Ana López»), it is its own.

Looking for every person of a large election in every window of the text would be slow;
a person is looked for only where the text holds, capitalised and exactly (without
accents), at least two words of the name: «Ana Lopes Pérez» still holds «ana» and
«perez». ``written_pairs`` names the pairs of capitalised words a few words apart, so
that the caller fetches only the people whose names hold one (store/owner_names.py)
instead of every owner.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from contracts.moderation import FlagKind, Prohibition
from services.moderation.domain.findings import Catalogue, Flag, PersonName, Submission
from services.moderation.domain.words import Word, adjacent, sentence_start, words

SIMILAR_NAME = 88.0
"""rapidfuzz's ratio (0-100) from which a run of words is the name: one typo in a
three-word name scores about 93, a different second surname about 80."""


@dataclass(frozen=True)
class Alias:
    """One way of writing a name the screening looks for."""

    plain: tuple[str, ...]  # its plain words
    own: bool  # the candidacy's own name (party, partner, coalition, owner)
    kind: FlagKind
    detail: str
    other_candidacy_id: str | None = None

    @property
    def joined(self) -> str:
        return " ".join(self.plain)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    score: float
    alias: Alias


@lru_cache(maxsize=200_000)
def name_words(name: str) -> tuple[str, ...]:
    return tuple(w.plain for w in words(name))


def mentions(submission: Submission, catalogue: Catalogue) -> list[Flag]:
    """Every mention of another party, coalition or candidacy, field by field."""
    fields = {field: words(text) for field, text in submission.texts.items()}
    written = written_words(submission)
    aliases = [
        *party_aliases(submission, catalogue),
        *people_aliases(submission, catalogue, written),
    ]
    single: dict[str, list[Alias]] = {}
    several: list[Alias] = []
    for alias in aliases:
        if len(alias.plain) == 1:
            single.setdefault(alias.plain[0], []).append(alias)
        elif alias.plain:
            several.append(alias)
    names = _Names(several)
    flags: list[Flag] = []
    for field, its_words in fields.items():
        text = submission.texts[field]
        hits = [*_single_hits(text, its_words, single), *_fuzzy_hits(text, its_words, names)]
        flags += [_flag(field, text, hit) for hit in _others(hits)]
    return flags


def written_words(submission: Submission) -> set[str]:
    """The plain form of every capitalised word of the submission: where a name may be."""
    return {w.plain for text in submission.texts.values() for w in words(text) if w.capitalised}


NEAR = 6
"""Two words of a name are looked for at most this many words apart."""


def written_pairs(submission: Submission) -> set[str]:
    """Each pair of capitalised words a few words apart («ana lopez», alphabetical): the
    keys under which the owners a submission may name are fetched."""
    pairs = set()
    for text in submission.texts.values():
        capitalised = [(at, w.plain) for at, w in enumerate(words(text)) if w.capitalised]
        for n, (at, one) in enumerate(capitalised):
            for later, other in capitalised[n + 1 :]:
                if later - at > NEAR:
                    break
                if one != other:
                    pairs.add(f"{min(one, other)} {max(one, other)}")
    return pairs


def party_aliases(submission: Submission, catalogue: Catalogue) -> list[Alias]:
    own_party = submission.capturing_party
    own_coalitions = [c for c in catalogue.coalitions if own_party in c.party_ids]
    own = {own_party} | {p for c in own_coalitions for p in c.party_ids}
    acronyms = {p.party_id: p.acronym or p.name for p in catalogue.parties}
    aliases = []
    for party in catalogue.parties:
        is_own = party.party_id in own
        if party.acronym and name_words(party.acronym) != name_words(party.name):
            detail = f"Menciona al partido {party.acronym} ({party.name})"
            aliases.append(Alias(name_words(party.acronym), is_own, FlagKind.PARTY_MENTION, detail))
        else:
            detail = f"Menciona al partido {party.name}"
        aliases.append(Alias(name_words(party.name), is_own, FlagKind.PARTY_MENTION, detail))
    for coalition in catalogue.coalitions:
        members = ", ".join(acronyms.get(p, p) for p in coalition.party_ids)
        detail = f"Menciona a la coalición {coalition.name} ({members})"
        is_own = coalition in own_coalitions
        aliases.append(Alias(name_words(coalition.name), is_own, FlagKind.PARTY_MENTION, detail))
    return aliases


def people_aliases(submission: Submission, catalogue: Catalogue, written: set[str]) -> list[Alias]:
    """The owners worth looking for: the candidacy's own, and every other whose name's
    words the text holds (at least two of them, or all of a two-word name)."""
    acronyms = {p.party_id: p.acronym or p.name for p in catalogue.parties}
    aliases = []
    for person in catalogue.people:
        its_words = name_words(person.name)
        own = person.candidacy_id == submission.candidacy_id
        if len(its_words) < 2 or not (own or _may_be_written(its_words, written)):
            continue
        aliases += _person_aliases(person, its_words, own, acronyms)
    return aliases


def _may_be_written(name: tuple[str, ...], written: set[str]) -> bool:
    return len(written.intersection(name)) >= 2


def _person_aliases(
    person: PersonName, its_words: tuple[str, ...], own: bool, acronyms: dict[str, str]
) -> list[Alias]:
    party = (
        "candidatura independiente"
        if person.party_id is None
        else acronyms.get(person.party_id, person.party_id)
    )
    detail = f"Menciona a {person.name}, de otra candidatura ({party})"
    forms = [its_words] + ([its_words[:-1]] if len(its_words) >= 3 else [])
    return [
        Alias(form, own, FlagKind.CANDIDACY_MENTION, detail, person.candidacy_id) for form in forms
    ]


def _single_hits(
    text: str, its_words: Sequence[Word], single: dict[str, list[Alias]]
) -> list[_Hit]:
    hits = []
    for word in its_words:
        for alias in single.get(word.plain, ()):
            if word.in_capitals or (word.capitalised and not sentence_start(text, word)):
                hits.append(_Hit(word.start, word.end, 100.0, alias))
    return hits


class _Names:
    """The names of several words, ready for fuzzy comparison."""

    def __init__(self, several: list[Alias]) -> None:
        self.several = several
        self.choices = [alias.joined for alias in several]
        self.lengths = {len(alias.plain) for alias in several}
        self.known = {word for alias in several for word in alias.plain}


def _fuzzy_hits(text: str, its_words: Sequence[Word], names: _Names) -> list[_Hit]:
    """Runs of 2 to 6 adjacent words, capitalised at both ends, close to a name."""
    if not names.several:
        return []
    several, choices, lengths, known = names.several, names.choices, names.lengths, names.known
    hits = []
    for first, word in enumerate(its_words):
        if not word.capitalised:
            continue
        last = first
        while last + 1 < len(its_words) and last - first < 6:
            if not adjacent(text, its_words[last], its_words[last + 1]):
                break
            last += 1
            end_word = its_words[last]
            count = last - first + 1
            if not end_word.capitalised or not lengths & {count - 1, count, count + 1}:
                continue
            if word.plain not in known and end_word.plain not in known:
                continue  # a name misspelt at both ends is too far from it anyway
            run = " ".join(w.plain for w in its_words[first : last + 1])
            for _, score, index in process.extract(
                run, choices, scorer=fuzz.ratio, score_cutoff=SIMILAR_NAME, limit=None
            ):
                hits.append(_Hit(word.start, end_word.end, float(score), several[index]))
    return hits


def _others(hits: Iterable[_Hit]) -> list[_Hit]:
    """The hits on other names, without those that overlap the candidacy's own; where
    hits overlap, the best (closest, then longest) speak, all of them if they tie
    (namesakes)."""
    everything = list(hits)
    own = [hit for hit in everything if hit.alias.own]
    others = [
        hit
        for hit in everything
        if not hit.alias.own and not any(_overlap(hit, mine) for mine in own)
    ]
    others.sort(key=lambda h: (-h.score, -(h.end - h.start), h.start))
    kept: list[_Hit] = []
    for hit in others:
        if all(
            (k.start, k.end, k.score) == (hit.start, hit.end, hit.score)
            and (k.alias.other_candidacy_id, k.alias.detail)
            != (hit.alias.other_candidacy_id, hit.alias.detail)
            for k in kept
            if _overlap(hit, k)
        ):
            kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.alias.detail))
    return kept


def _overlap(one: _Hit, other: _Hit) -> bool:
    return one.start < other.end and other.start < one.end


def _flag(field: str, text: str, hit: _Hit) -> Flag:
    detail = hit.alias.detail
    if hit.score < 100:
        detail += f"; escrito «{text[hit.start : hit.end]}» (parecido del {hit.score:.0f} %)"
    return Flag(
        kind=hit.alias.kind,
        prohibition=Prohibition.MENTIONS,
        field=field,
        start=hit.start,
        end=hit.end,
        evidence=text[hit.start : hit.end],
        detail=detail,
        other_candidacy_id=hit.alias.other_candidacy_id,
    )
