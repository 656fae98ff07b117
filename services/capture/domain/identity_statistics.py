"""Statistics of identity answers without exposing anyone (000 §3.12, 001 §6).

Aggregates count the people who answered "Sí" to each group question, by office, party
and sex, over a fixed grid. The data matrix for the analysis area carries no names and
no candidacy keys: a row per person with office, postulant, sex, age band and answers.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Any

from contracts.capture import ElectionConfig
from contracts.questionnaires import YES
from services.capture.domain.formulas import Sex

GROUPS = (
    "indigena",
    "discapacidad",
    "afromexicana",
    "lgbtttiq",
    "migrante",
    "poblacion_joven",
    "persona_mayor",
)
MIN_CELL = 5
INDEPENDENT = "independiente"
SUPPRESSED = "menos de 5"


@dataclass(frozen=True)
class Person:
    office: str
    postulant: str
    sex: str
    birth_date: dt.date
    answers: dict[str, Any]


@dataclass(frozen=True, order=True)
class Slice:
    """Office × postulant × sex: what the public candidacy list says of every person."""

    office: str
    postulant: str
    sex: str


@dataclass(frozen=True)
class Cell:
    group: str
    office: str
    postulant: str
    sex: str
    count: int | None  # None: suppressed (see ``publishable``)

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def text(self) -> str:
        return SUPPRESSED if self.count is None else str(self.count)


def grid(election: ElectionConfig) -> list[Slice]:
    """Every slice the election can have, from its configuration, never from the answers:
    a cell that appeared only when someone in it answered "Sí" would say so by appearing."""
    postulants = [p.id for p in election.parties] + [c.id for c in election.coalitions]
    return [
        Slice(office.id, postulant, sex.value)
        for office, postulant, sex in product(election.offices, [*postulants, INDEPENDENT], Sex)
    ]


def publishable(yes: int, slice_size: int) -> bool:
    """Whether a count of "Sí" in a slice may be published.

    An attacker holds the public candidacy list, so knows who is in every slice. A count
    under ``MIN_CELL`` narrows the "Sí" down to a handful of named people (with one person
    in the slice it *is* their answer), and so does a count whose complement — the people
    of the slice who did *not* answer "Sí" — is under ``MIN_CELL`` (everyone but a handful
    answered "Sí"). Both are suppressed, zero included, so that a zero, a small count and
    an almost-everyone look the same. Whatever is suppressed, both "nobody" and
    "everybody" stay possible, so suppression itself tells nothing of anyone.
    """
    return yes >= MIN_CELL and slice_size - yes >= MIN_CELL


def aggregate(people: Iterable[Person], slices: Iterable[Slice]) -> list[Cell]:
    """One cell per group and slice of the grid, zeros included, and no margins.

    No totals are published (per group, per office, per party, per sex…): any sum over
    cells would let a suppressed cell be recomputed by subtracting the published ones.
    Cells of different groups or different slices share no unknown (each is one question
    over disjoint people), so no combination of published cells says more than each does.
    People outside the grid (a slice the configuration does not name) are not counted.
    """
    wanted = sorted(set(slices))
    sizes: Counter[Slice] = Counter()
    yes: Counter[tuple[str, Slice]] = Counter()
    for person in people:
        where = Slice(person.office, person.postulant, person.sex)
        sizes[where] += 1
        for group in GROUPS:
            if person.answers.get(group) == YES:
                yes[(group, where)] += 1
    cells = []
    for group in GROUPS:
        for where in wanted:
            count = yes[(group, where)]
            shown = count if publishable(count, sizes[where]) else None
            cells.append(Cell(group, where.office, where.postulant, where.sex, shown))
    return cells


def age_band(birth_date: dt.date, today: dt.date) -> str:
    age = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    low = (age // 10) * 10
    return f"{low}-{low + 9}"


def matrix_row(person: Person, today: dt.date) -> dict[str, Any]:
    return {
        "cargo": person.office,
        "postulante": person.postulant,
        "sexo": person.sex,
        "edad": age_band(person.birth_date, today),
        **person.answers,
    }
