"""Identity statistics publish a fixed grid that identifies nobody, and carry no names.

The attacker here holds the public candidacy list (office × party × sex of every
candidacy) and every published figure; the tests ask whether that determines any one
person's answer.
"""

import datetime as dt
import itertools
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from services.capture.demo import demo_config
from services.capture.domain.identity_statistics import (
    GROUPS,
    MIN_CELL,
    SUPPRESSED,
    Cell,
    Person,
    Slice,
    age_band,
    aggregate,
    grid,
    matrix_row,
)

OFFICES, PARTIES, SEXES = ("diputacion-mr", "presidencia"), ("pan", "mc"), ("Mujer", "Hombre")
SLICES = [Slice(o, p, s) for o, p, s in itertools.product(OFFICES, PARTIES, SEXES)]
ANSWERS = ("Sí", "No", "Prefiero no contestar", "No aplica")


def people(n: int, party: str, answer: str = "Sí") -> list[Person]:
    return [
        Person("diputacion-mr", party, "Mujer", dt.date(1990, 1, 1), {"indigena": answer})
        for _ in range(n)
    ]


def published(population: list[Person]) -> list[Cell]:
    return aggregate(population, SLICES)


def indigenous(cells: list[Cell]) -> dict[str, Cell]:
    return {
        c.postulant: c
        for c in cells
        if c.group == "indigena" and c.office == "diputacion-mr" and c.sex == "Mujer"
    }


def test_every_combination_is_published_zeros_included() -> None:
    cells = published(people(1, "pan"))
    assert len(cells) == len(GROUPS) * len(SLICES)
    assert {(c.office, c.postulant, c.sex) for c in cells} == {
        (s.office, s.postulant, s.sex) for s in SLICES
    }


def test_the_grid_comes_from_the_elections_configuration() -> None:
    election = demo_config()
    slices = grid(election)
    assert Slice("presidencia-municipal", "independiente", "No binario") in slices
    assert Slice("diputacion-mr", "sigamos", "Mujer") in slices  # a coalition too
    assert (
        len(slices)
        == len(election.offices) * (len(election.parties) + len(election.coalitions) + 1) * 3
    )


def test_a_zero_and_a_small_count_look_the_same() -> None:
    nobody = indigenous(published(people(12, "pan", "No")))["pan"]
    three = indigenous(published(people(3, "pan") + people(9, "pan", "No")))["pan"]
    assert nobody == three and nobody.count is None and nobody.text == SUPPRESSED


def test_a_count_whose_complement_is_small_is_suppressed() -> None:
    almost_all = indigenous(published(people(9, "pan") + people(2, "pan", "No")))["pan"]
    assert almost_all.suppressed and almost_all.text == SUPPRESSED
    balanced = indigenous(published(people(6, "pan") + people(5, "pan", "No")))["pan"]
    assert balanced.count == 6 and balanced.text == "6"


def test_one_person_in_a_slice_reveals_nothing() -> None:
    said_yes = published(people(1, "pan"))
    said_no = published(people(1, "pan", "No"))
    assert said_yes == said_no


# "Sí" weighs more, so that slices where (almost) everyone answered it come up too.
an_answer = st.one_of(st.just("Sí"), st.sampled_from(ANSWERS))
person_answers = st.fixed_dictionaries({group: an_answer for group in GROUPS})
population = st.lists(
    st.builds(
        Person,
        office=st.sampled_from(OFFICES[:1]),
        postulant=st.sampled_from(PARTIES),
        sex=st.sampled_from(SEXES[:1]),
        birth_date=st.just(dt.date(1980, 1, 1)),
        answers=person_answers,
    ),
    max_size=30,
)


def _with(person: Person, group: str, answer: str) -> Person:
    answers = {**person.answers, group: answer}
    return Person(person.office, person.postulant, person.sex, person.birth_date, answers)


def _other_worlds(crowd: list[Person], i: int, group: str) -> Iterator[list[Person]]:
    """Worlds where person ``i`` answered ``group`` the other way: alone, or swapping
    answers with someone of the same slice."""
    person = crowd[i]
    said_yes = person.answers[group] == "Sí"
    alone = [*crowd[:i], _with(person, group, "No" if said_yes else "Sí"), *crowd[i + 1 :]]
    yield alone
    for j, other in enumerate(crowd):
        same_slice = (other.office, other.postulant, other.sex) == (
            person.office,
            person.postulant,
            person.sex,
        )
        if j != i and same_slice and (other.answers[group] == "Sí") != said_yes:
            swapped = list(alone)
            swapped[j] = _with(other, group, person.answers[group])
            yield swapped


@settings(max_examples=100, deadline=None)
@given(population)
def test_no_figure_alone_or_combined_determines_anyones_answer(crowd: list[Person]) -> None:
    """For every person and question there is another world, equally consistent with the
    list and everything published, in which that person answered the other way."""
    figures = published(crowd)
    for i in range(len(crowd)):
        for group in GROUPS:
            worlds = _other_worlds(crowd, i, group)
            assert any(published(world) == figures for world in worlds), (group, i)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=11), st.integers(min_value=0, max_value=11))
def test_every_answer_stays_undetermined_when_each_assignment_is_tried(size: int, yes: int) -> None:
    """Exhaustively: every assignment of "Sí" to the people of one slice that publishes
    the same figures; each person must answer "Sí" in one of them and not in another."""
    yes = min(yes, size)
    said = {True: "Sí", False: "No"}
    truth = [i < yes for i in range(size)]

    def world(answers: list[bool]) -> list[Person]:
        return [
            Person("diputacion-mr", "pan", "Mujer", dt.date(1990, 1, 1), {"indigena": said[a]})
            for a in answers
        ]

    figures = published(world(truth))
    consistent = [
        answers
        for answers in (list(a) for a in itertools.product((False, True), repeat=size))
        if published(world(answers)) == figures
    ]
    for i in range(size):
        assert {answers[i] for answers in consistent} == {False, True}, (size, yes, i)


def test_the_matrix_has_no_name_and_an_age_band() -> None:
    row = matrix_row(people(1, "pan")[0], dt.date(2027, 3, 1))
    assert row == {
        "cargo": "diputacion-mr",
        "postulante": "pan",
        "sexo": "Mujer",
        "edad": "30-39",
        "indigena": "Sí",
    }
    assert age_band(dt.date(2000, 6, 2), dt.date(2027, 6, 1)) == "20-29"
    assert MIN_CELL == 5
