"""The public statistics of an election (DESIGN §6, issue 15): capture progress per
party, the published people (owners and alternates) by sex, age group and education, and
the identity groups.

Every figure is a count over a **fixed list** of categories taken from the election and
the questionnaires, never from the data, zeros included: a category that appeared only
when someone was in it would say so by appearing.

Capture progress counts candidacies (formulas), not people's answers (INE showed which
parties had not finished capturing). Sex, age and education are counted over what the
public profiles already show of each person of the formula (the *propietaria* and, where
there is one, the *suplente*, 001 §3.III-V), so a field moderation disabled counts as
«Sin información» and no figure tells more than the profiles do.

The identity groups are the one place a figure could tell what a profile does not:
capture counts, per group, office, postulant and sex, the people who answered «Sí»
(their answers never leave capture). Publication checks every count again against what
an attacker holds: the **public** slice (the published people of that office, postulant
and sex whose answers capture counted — the owners, and the alternates where capture
counts theirs too, ``Aggregates.counted`` — known by name) and the answers that slice
already shows on its profiles (by consent, or an affirmative action, DESIGN §4). What a
count says of the others is the count less the «Sí» already public; it is withheld
(«menos de 5», the same as a zero), whatever capture sent, when it narrows the «Sí» or
the «No» of those others down to fewer than ``MIN_CELL`` people. No total over the
groups' cells is published, so a withheld cell is never the difference of two
published figures.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from contracts.capture import AggregateCell
from contracts.events.capture import PartyInfo, Person
from contracts.publication import CategoryCount, GroupCell, PartyProgress
from contracts.questionnaires import EDUCATION, YES

MIN_CELL = 5
"""The smallest count published, and the fewest people a count may leave out of its slice."""
WITHHELD = "menos de 5"
INDEPENDENT = "independiente"
INDEPENDENT_NAME = "Candidaturas independientes"
INDEPENDENT_ACRONYM = "Independientes"
NO_INFORMATION = "Sin información"
SEXES = ("Mujer", "Hombre", "No binario")
"""The registry's values of a person's sex (capture's ``formulas.Sex``)."""
AGE_GROUPS = ("18 a 29 años", "30 a 39 años", "40 a 49 años", "50 a 59 años", "60 años o más")
"""18 to 29 is the youth of the affirmative actions, 60 or more the older persons'."""
NOTE = (
    "Cada combinación de grupo, cargo, partido o coalición y sexo aparece, aunque sea cero. "
    "«menos de 5» reserva la cifra cuando, sin contar a quienes muestran su respuesta en "
    "su perfil, menos de 5 personas publicadas de esa combinación respondieron «Sí» o menos "
    "de 5 no lo hicieron; un cero se muestra igual. No se publican totales de estas cifras: "
    "ninguna suma permite deducir una cifra reservada."
)


@dataclass(frozen=True)
class CandidacyProgress:
    """One registered candidacy that has not been withdrawn, as far as capture has got."""

    capturing_party: str | None  # None: an independent candidacy
    submitted: bool
    validated: bool
    published: bool


@dataclass(frozen=True)
class PublishedPerson:
    """What a published profile shows of one person of its formula (its owner, or its
    alternate), as the statistics count it."""

    office: str
    postulant: str | None  # None: an independent candidacy
    sex: str
    age: int | None
    education: str | None
    identity: Mapping[str, object] = field(default_factory=dict)
    """The identity answers the profile shows of this person (most show none)."""
    person: Person = Person.OWNER


@dataclass(frozen=True, order=True)
class Slice:
    """Office × postulant × sex: what the public candidacy list says of every person."""

    office: str
    postulant: str
    sex: str


def progress(
    parties: Sequence[PartyInfo], candidacies: Iterable[CandidacyProgress]
) -> list[PartyProgress]:
    """One row per party of the election and one for the independents, zeros included;
    a candidacy of a party the election does not name is not counted."""
    counts: dict[str, Counter[str]] = {p.id: Counter() for p in parties}
    counts[INDEPENDENT] = Counter()
    for one in candidacies:
        row = counts.get(one.capturing_party or INDEPENDENT)
        if row is None:
            continue
        row["candidacies"] += 1
        row["submitted"] += one.submitted or one.validated or one.published
        row["validated"] += one.validated or one.published
        row["published"] += one.published
    names = {p.id: p.name for p in parties} | {INDEPENDENT: INDEPENDENT_NAME}
    acronyms = {p.id: p.acronym for p in parties} | {INDEPENDENT: INDEPENDENT_ACRONYM}
    return [
        PartyProgress(
            postulant=postulant,
            name=names[postulant],
            acronym=acronyms[postulant],
            candidacies=row["candidacies"],
            submitted=row["submitted"],
            validated=row["validated"],
            published=row["published"],
        )
        for postulant, row in counts.items()
    ]


def age_group(age: int | None) -> str:
    if age is None or age < 18:
        return NO_INFORMATION
    if age >= 60:
        return AGE_GROUPS[-1]
    if age < 30:
        return AGE_GROUPS[0]
    return AGE_GROUPS[(age - 30) // 10 + 1]


def _distribution(values: Iterable[str], categories: Sequence[str]) -> list[CategoryCount]:
    counted = Counter(values)
    return [CategoryCount(category=c, people=counted[c]) for c in categories]


def by_sex(people: Iterable[PublishedPerson]) -> list[CategoryCount]:
    return _distribution((p.sex for p in people), SEXES)


def by_age(people: Iterable[PublishedPerson]) -> list[CategoryCount]:
    return _distribution((age_group(p.age) for p in people), (*AGE_GROUPS, NO_INFORMATION))


def by_education(people: Iterable[PublishedPerson]) -> list[CategoryCount]:
    def level(person: PublishedPerson) -> str:
        return person.education if person.education in EDUCATION else NO_INFORMATION

    return _distribution((level(p) for p in people), (*EDUCATION, NO_INFORMATION))


@dataclass(frozen=True)
class PublicSlices:
    """What the attacker knows of each slice: how many published people it holds (of
    those capture counted), and per group how many of them show their answer on the
    profile, and how many show «Sí»."""

    size: Counter[Slice]
    shown: Counter[tuple[str, Slice]]
    shown_yes: Counter[tuple[str, Slice]]

    def unknown(self, group: str, where: Slice) -> int:
        """The slice's people whose answer to ``group`` no profile shows."""
        return self.size[where] - self.shown[(group, where)]


def public_slices(
    people: Iterable[PublishedPerson], counted: Collection[Person] = tuple(Person)
) -> PublicSlices:
    """The slices of the published people whose answers capture counted (``counted``):
    a slice counted of others than capture's would let a count through that narrows
    capture's own people down."""
    size: Counter[Slice] = Counter()
    shown: Counter[tuple[str, Slice]] = Counter()
    shown_yes: Counter[tuple[str, Slice]] = Counter()
    for one in people:
        if one.person not in counted:
            continue
        where = Slice(one.office, one.postulant or INDEPENDENT, one.sex)
        size[where] += 1
        for group, answer in one.identity.items():
            if answer is None:
                continue
            shown[(group, where)] += 1
            shown_yes[(group, where)] += answer == YES
    return PublicSlices(size, shown, shown_yes)


def publishable(yes: int, slice_size: int) -> bool:
    """Whether a count of «Sí» in a slice of ``slice_size`` known people may be shown.

    With the public list in hand, a count under ``MIN_CELL`` narrows the «Sí» down to a
    handful of named people (with one person in the slice it *is* their answer), and a
    count that leaves fewer than ``MIN_CELL`` of the slice out of it narrows the «No»
    down the same way. Both are withheld, zero included, so that a withheld cell still
    allows both «nobody» and «everybody» and says nothing of anyone.
    """
    return yes >= MIN_CELL and slice_size - yes >= MIN_CELL


def groups(cells: Iterable[AggregateCell], public: PublicSlices) -> list[GroupCell]:
    """Capture's grid of identity counts, each checked again against what the public
    already knows of its slice (module docstring): withheld when capture withheld it, or
    when the «Sí» it adds to those the profiles show are not ``publishable`` among the
    people whose answer no profile shows. The grid is capture's, from the election's
    configuration; its order is kept."""
    shown = []
    for cell in cells:
        where = Slice(cell.cargo, cell.postulante, cell.sexo)
        count = cell.personas
        people = None
        if count is not None:
            beyond = count - public.shown_yes[(cell.grupo, where)]
            if publishable(beyond, public.unknown(cell.grupo, where)):
                people = count
        shown.append(
            GroupCell(
                group=cell.grupo,
                office=cell.cargo,
                postulant=cell.postulante,
                sex=cell.sexo,
                people=people,
                text=WITHHELD if people is None else str(people),
            )
        )
    return shown


REFRESH_S = 600.0
"""Capture's identity counts can change without a change publication hears of (an answer
corrected through a change request reaches publication only if it is public): every 10
minutes the statistics are compiled again whatever the inputs say."""


def due(
    inputs: str,
    last_inputs: str | None,
    last_at: datetime | None,
    now: datetime,
    min_interval_s: float,
) -> bool:
    """Whether an election's statistics are to be compiled again: never compiled; or its
    inputs changed and the last compilation is at least ``min_interval_s`` old (in
    election week something changes every second); or the last is ``REFRESH_S`` old."""
    if last_inputs is None or last_at is None:
        return True
    age = (now - last_at).total_seconds()
    if age >= REFRESH_S:
        return True
    return inputs != last_inputs and age >= min_interval_s
