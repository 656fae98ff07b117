"""The portal's search over the public profiles, kept in memory beside them (DESIGN §6).

The index listens to the gateway's copy of the public bucket (``PublicReadModel.on_change``)
and reads each profile once, when it changes: a search is then a few set intersections
over prepared cards, never a parse, never a trip over the bus. Every card carries the
JSON the public API answers for it, serialised once.

Filters (issue 15 item 2): office, district, municipality, party or coalition, sex, age
range, education, affirmative action, and name without regard to accents or case
(``fold``), each word of the query found at the start of a word of the names, so a name
is found as it is typed. The order is stable — election, office, district, municipality, place on a
list, surnames, candidacy — so a page's address always shows the same candidacies.
"""

import bisect
import contextlib
import heapq
import unicodedata
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from contracts.events.capture import PublicPerson
from contracts.publication import (
    ELECTION_KEY,
    PROFILE_KEY,
    EntryState,
    PublicElection,
    PublicEntry,
    PublicProfile,
)
from services.gateway.public_read_model import Held, held

PER_PAGE = 20
NAMES_READ_MAX = 2_000
"""Up to this many candidacies left by the exact filters, a name is looked for in their
names rather than through the index of words."""
MAX_PER_PAGE = 100


def fold(text: str) -> str:
    """«Ñuño  PÉREZ» → «nuno perez»: compared without accents, case or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def full_name(person: PublicPerson) -> str:
    return " ".join(p for p in (person.names, person.first_surname, person.second_surname) if p)


class SearchQuery(BaseModel):
    """The search's filters, as the query string of ``/`` and of the API carries them;
    a blank filter is no filter."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    eleccion: str | None = Field(default=None, max_length=60, description="Elección (id).")
    cargo: str | None = Field(default=None, max_length=60, description="Cargo (id).")
    distrito: str | None = Field(default=None, max_length=60, description="Distrito (id).")
    municipio: str | None = Field(default=None, max_length=60, description="Municipio (id).")
    postulacion: str | None = Field(
        default=None, max_length=60, description="Partido o coalición que postula (id)."
    )
    sexo: str | None = Field(default=None, max_length=20, description="Sexo de la propietaria.")
    edad_min: int | None = Field(default=None, ge=18, le=120, description="Edad mínima.")
    edad_max: int | None = Field(default=None, ge=18, le=120, description="Edad máxima.")
    escolaridad: str | None = Field(
        default=None, max_length=40, description="Grado máximo de estudios."
    )
    accion_afirmativa: str | None = Field(
        default=None, max_length=120, description="Acción afirmativa (su tipo)."
    )
    nombre: str | None = Field(
        default=None,
        max_length=120,
        description="Nombre, o el inicio de sus palabras, sin importar acentos ni mayúsculas.",
    )
    pagina: int = Field(default=1, ge=1, le=100_000)
    por_pagina: int = Field(default=PER_PAGE, ge=1, le=MAX_PER_PAGE)

    def exact(self) -> list[tuple[str, str]]:
        """The filters an index answers exactly, as (facet, value); the postulant is not one
        of them (a party also finds its coalitions' candidacies: ``PublicSearch``)."""
        facets = (
            "eleccion",
            "cargo",
            "distrito",
            "municipio",
            "sexo",
            "escolaridad",
            "accion_afirmativa",
        )
        return [(f, v) for f in facets if (v := getattr(self, f))]

    def filters(self) -> dict[str, str]:
        """Every filter given, as typed: what a page's address keeps."""
        kept = self.model_dump(exclude={"pagina", "por_pagina"}, exclude_none=True)
        return {k: str(v) for k, v in kept.items() if v != ""}


def search_query(params: dict[str, str]) -> SearchQuery:
    """The query of ``params`` (blank values dropped); ``ValidationError`` if unusable."""
    return SearchQuery.model_validate({k: v for k, v in params.items() if v.strip()})


class CandidacyCard(BaseModel):
    """One candidacy in a list of results: enough to recognise it and open its profile."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    candidacy_id: str
    election_id: str
    office: str
    district: str | None
    municipality: str | None
    list_position: int | None
    postulant_kind: str
    postulant: str | None
    owner: PublicPerson
    alternate: PublicPerson | None
    education: str | None
    affirmative_action: str | None
    photo_url: str | None


class SearchPage(BaseModel):
    """A page of results; ``total`` counts every match, ``pages`` the pages they fill."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: int
    pagina: int
    por_pagina: int
    paginas: int
    candidaturas: list[CandidacyCard]


@dataclass(frozen=True)
class Card:
    """A public candidacy as the index keeps it: its facets, its folded names, its order,
    the profile (read once) and the JSON of its card and its profile (serialised once)."""

    candidacy_id: str
    facets: tuple[tuple[str, str], ...]
    age: int | None
    names: str
    """Every word of the formula's names, folded, separated by one space."""
    order: tuple[str, str, str, str, int, str, str]
    profile: PublicProfile
    card_json: bytes
    profile_held: Held


def _card(profile: PublicProfile, revision: int) -> Card:
    formula = profile.formula
    education = profile.curricular.grado_maximo_estudios
    postulants = {p for p in (formula.postulant, profile.capturing_party) if p}
    if formula.postulant_kind == "independiente":
        postulants.add("independiente")
    facets = [
        ("eleccion", profile.election_id),
        ("cargo", formula.office),
        ("sexo", formula.owner.sex),
        *(("postulacion", p) for p in sorted(postulants)),
    ]
    for name, value in (
        ("distrito", formula.district),
        ("municipio", formula.municipality),
        ("escolaridad", education),
        ("accion_afirmativa", profile.affirmative_action),
    ):
        if value:
            facets.append((name, value))
    people = [formula.owner, *([formula.alternate] if formula.alternate else [])]
    names = " ".join(fold(f"{full_name(p)} {p.nickname or ''}") for p in people)
    surnames = fold(f"{formula.owner.first_surname} {formula.owner.second_surname or ''}")
    card = CandidacyCard(
        candidacy_id=profile.candidacy_id,
        election_id=profile.election_id,
        office=formula.office,
        district=formula.district,
        municipality=formula.municipality,
        list_position=formula.list_position,
        postulant_kind=formula.postulant_kind,
        postulant=formula.postulant,
        owner=formula.owner,
        alternate=formula.alternate,
        education=education,
        affirmative_action=profile.affirmative_action,
        photo_url=profile.photo_url,
    )
    return Card(
        candidacy_id=profile.candidacy_id,
        facets=tuple(facets),
        age=formula.owner.age,
        names=names,
        order=(
            profile.election_id,
            formula.office,
            formula.district or "",
            formula.municipality or "",
            formula.list_position or 0,
            surnames + " " + fold(formula.owner.names),
            profile.candidacy_id,
        ),
        profile=profile,
        card_json=card.model_dump_json().encode(),
        profile_held=held(profile.model_dump_json().encode(), revision),
    )


ContestKey = tuple[str, str, str | None, str | None]
"""A contest: election, office, and its district or municipality (neither for a list)."""


def _contest_of(card: Card) -> ContestKey:
    formula = card.profile.formula
    return (card.profile.election_id, formula.office, formula.district, formula.municipality)


@dataclass(frozen=True)
class Found:
    total: int
    cards: list[Card]


def _order(card: Card) -> tuple[str, str, str, str, int, str, str]:
    return card.order


@dataclass
class PublicSearch:
    """Every public profile, withdrawn mark and election, indexed for the portal.

    Each exact filter is a set of ids per value; each word of a name is a set of ids per
    word, found by prefix in the sorted list of every word held («nu» finds «Núñez»). A
    search intersects the sets, smallest first, and takes its page from the cards in
    order without sorting more than that page when the matches are many. Where the exact
    filters leave few candidacies (``NAMES_READ_MAX``), a name is looked for in theirs:
    joining the sets of every word a common surname's prefix starts cost 0.5 ms at
    100,000 profiles, and a search's answer is made again after every change published.
    """

    _cards: dict[str, Card] = field(default_factory=dict)
    _ordered: list[Card] = field(default_factory=list)
    """Every card in the search's order (bisect keeps it: a change moves one card)."""
    _by_facet: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _by_word: dict[str, set[str]] = field(default_factory=dict)
    _words: list[str] = field(default_factory=list)
    """Every word of ``_by_word``, sorted: a query's word is a range of it."""
    _contests: dict[ContestKey, int] = field(default_factory=dict)
    """How many public candidacies each contest has (only contests with some)."""
    withdrawn: set[str] = field(default_factory=set)
    elections: dict[str, PublicElection] = field(default_factory=dict)
    version: int = 0
    """Grows with every change the index takes: what a prepared answer's key includes."""

    def hear(self, key: str, value: Held | None) -> None:
        """``PublicReadModel``'s listener: a profile or an election changed."""
        if key.startswith(PROFILE_KEY):
            self._profile(key.removeprefix(PROFILE_KEY), value)
        elif key.startswith(ELECTION_KEY):
            election_id = key.removeprefix(ELECTION_KEY)
            self.elections.pop(election_id, None)
            if value is not None:
                # another version's value is taken when publication writes it again
                with contextlib.suppress(ValidationError):
                    self.elections[election_id] = PublicElection.model_validate_json(value.value)
        else:
            return
        self.version += 1

    def _profile(self, candidacy_id: str, value: Held | None) -> None:
        self._drop(candidacy_id)
        self.withdrawn.discard(candidacy_id)
        if value is None:
            return
        try:
            entry = PublicEntry.model_validate_json(value.value)
        except ValidationError:
            return  # another version's value: taken when publication writes it again
        if entry.state is EntryState.WITHDRAWN or entry.profile is None:
            self.withdrawn.add(candidacy_id)
            return
        card = _card(entry.profile, value.revision)
        self._cards[candidacy_id] = card
        bisect.insort(self._ordered, card, key=_order)
        contest = _contest_of(card)
        self._contests[contest] = self._contests.get(contest, 0) + 1
        for facet in card.facets:
            self._by_facet.setdefault(facet, set()).add(candidacy_id)
        for word in set(card.names.split()):
            ids = self._by_word.get(word)
            if ids is None:
                ids = self._by_word[word] = set()
                bisect.insort(self._words, word)
            ids.add(candidacy_id)

    def _drop(self, candidacy_id: str) -> None:
        card = self._cards.pop(candidacy_id, None)
        if card is None:
            return
        at = bisect.bisect_left(self._ordered, card.order, key=_order)
        del self._ordered[at]
        contest = _contest_of(card)
        self._contests[contest] -= 1
        if not self._contests[contest]:
            del self._contests[contest]
        for facet in card.facets:
            ids = self._by_facet.get(facet)
            if ids is not None:
                ids.discard(candidacy_id)
                if not ids:
                    del self._by_facet[facet]
        for word in set(card.names.split()):
            ids = self._by_word.get(word)
            if ids is not None:
                ids.discard(candidacy_id)
                if not ids:
                    del self._by_word[word]
                    del self._words[bisect.bisect_left(self._words, word)]

    def card(self, candidacy_id: str) -> Card | None:
        return self._cards.get(candidacy_id)

    def __len__(self) -> int:
        return len(self._cards)

    def values_of(self, facet: str) -> list[str]:
        """The values of ``facet`` some public candidacy has (affirmative actions' types)."""
        return sorted(v for f, v in self._by_facet if f == facet)

    def contests(self) -> dict[ContestKey, int]:
        """Every contest with a public candidacy, and how many it has."""
        return dict(self._contests)

    def search(self, query: SearchQuery) -> Found:
        ids = self._intersection(
            [self._by_facet.get(f, set()) for f in query.exact()]
            + ([self._postulated_by(query.postulacion)] if query.postulacion else [])
        )
        words = fold(query.nombre or "").split()
        if words and ids is not None and len(ids) <= NAMES_READ_MAX:
            starts = [f" {w}" for w in words]
            ids = {i for i in ids if _has_words(self._cards[i].names, starts)}
        elif words:
            ids = self._intersection(
                ([] if ids is None else [ids]) + [self._having_word(w) for w in words]
            )
        low, high = query.edad_min, query.edad_max
        if low is not None or high is not None:
            ages = self._cards if ids is None else {i: self._cards[i] for i in ids}
            ids = {i for i, c in ages.items() if _aged(c.age, low, high)}
        start = (query.pagina - 1) * query.por_pagina
        stop = start + query.por_pagina
        if ids is None:
            return Found(total=len(self._cards), cards=self._ordered[start:stop])
        if len(ids) * 8 < len(self._cards):
            first = heapq.nsmallest(stop, (self._cards[i] for i in ids), key=_order)
            return Found(total=len(ids), cards=first[start:stop])
        return Found(total=len(ids), cards=self._walk(ids, start, stop))

    def _walk(self, ids: set[str], start: int, stop: int) -> list[Card]:
        """Cards ``start`` to ``stop`` of ``ids`` in order, walking the ordered cards
        (cheaper than sorting when ``ids`` is most of the index)."""
        page: list[Card] = []
        seen = 0
        for card in self._ordered:
            if card.candidacy_id in ids:
                if seen >= start:
                    page.append(card)
                    if seen + 1 >= stop:
                        break
                seen += 1
        return page

    def _postulated_by(self, postulant: str) -> set[str]:
        """Ids postulated or captured by ``postulant`` and, for a party, by every coalition
        it belongs to: a citizen asking for a party expects the candidacies it shares."""
        ids = self._by_facet.get(("postulacion", postulant), set())
        shared = [
            self._by_facet.get(("postulacion", c.id), set())
            for e in self.elections.values()
            for c in e.coalitions
            if postulant in c.parties
        ]
        return ids.union(*shared) if shared else ids

    def _having_word(self, word: str) -> set[str]:
        """Ids whose names have a word starting with ``word``."""
        words = self._words
        at = bisect.bisect_left(words, word)
        found: set[str] = set()
        while at < len(words) and words[at].startswith(word):
            found |= self._by_word[words[at]]
            at += 1
        return found

    def contest(
        self, election_id: str, office: str, district: str | None, municipality: str | None
    ) -> list[Card]:
        """Every public candidacy for ``office`` in one district or municipality, in
        order of postulant (party or coalition), then the search's order."""
        facets = [("eleccion", election_id), ("cargo", office)]
        facets += [("distrito", district)] if district else []
        facets += [("municipio", municipality)] if municipality else []
        ids = self._intersection([self._by_facet.get(f, set()) for f in facets]) or set()
        found = [
            c
            for c in (self._cards[i] for i in ids)
            if c.profile.formula.district == district
            and c.profile.formula.municipality == municipality
        ]
        return sorted(found, key=lambda c: (c.profile.formula.postulant or "~", c.order))

    @staticmethod
    def _intersection(sets: list[set[str]]) -> set[str] | None:
        """The ids in every one of ``sets``; None: no filter asked (every id)."""
        if not sets:
            return None
        ordered = sorted(sets, key=len)
        return ordered[0].intersection(*ordered[1:])


def _has_words(names: str, starts: list[str]) -> bool:
    """Whether ``names`` has a word beginning with each of ``starts`` (« nu» for «nu»)."""
    spaced = f" {names}"
    return all(start in spaced for start in starts)


def _aged(age: int | None, low: int | None, high: int | None) -> bool:
    if age is None:
        return False
    return (low is None or age >= low) and (high is None or age <= high)
