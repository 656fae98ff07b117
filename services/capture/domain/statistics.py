"""Statistics of identity answers without exposing anyone (000 §3.12, 001 §6).

Aggregates count the people who answered "Sí" to each group question, by office, party
and sex; a cell of fewer than 5 people is suppressed (shown as no number), so no count
can point at a person. The data matrix for the analysis area carries no names and no
candidacy keys: a row per person with office, postulant, sex, age band and answers.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from contracts.questionnaires import YES

GROUPS = ("indigena", "discapacidad", "afromexicana", "lgbtttiq", "migrante",
          "poblacion_joven", "persona_mayor")  # fmt: skip
MIN_CELL = 5


@dataclass(frozen=True)
class Person:
    office: str
    postulant: str
    sex: str
    birth_date: dt.date
    answers: dict[str, Any]


@dataclass(frozen=True)
class Cell:
    group: str
    office: str
    postulant: str
    sex: str
    count: int | None  # None: fewer than MIN_CELL, suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


def aggregate(people: Iterable[Person]) -> list[Cell]:
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for person in people:
        for group in GROUPS:
            if person.answers.get(group) == YES:
                counts[(group, person.office, person.postulant, person.sex)] += 1
    return [
        Cell(group, office, postulant, sex, count if count >= MIN_CELL else None)
        for (group, office, postulant, sex), count in sorted(counts.items())
    ]


def age_band(birth_date: dt.date, today: dt.date) -> str:
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month,
                                                                      birth_date.day))  # fmt: skip
    low = (age // 10) * 10
    return f"{low}-{low + 9}"


def matrix_row(person: Person, today: dt.date) -> dict[str, Any]:
    return {"cargo": person.office, "postulante": person.postulant, "sexo": person.sex,
            "edad": age_band(person.birth_date, today), **person.answers}  # fmt: skip
