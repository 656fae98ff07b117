"""The public statistics: fixed categories with zeros, capture progress per party, and
the identity groups withheld wherever a count could name someone.

The attacker holds the public candidacy list (office × postulant × sex of every
published owner) and every published figure. Publication checks capture's counts
again against that public list, so the tests below hand it capture's *raw* counts, the
worst capture could send, and ask whether any figure still determines one person's
answer.
"""

import datetime as dt
from collections.abc import Iterator

from hypothesis import example, given, settings
from hypothesis import strategies as st

from contracts.capture import AggregateCell
from contracts.events.capture import PartyInfo
from contracts.events.capture import Person as Whose
from contracts.publication import GroupCell
from services.publication.domain.statistics import (
    AGE_GROUPS,
    INDEPENDENT,
    MIN_CELL,
    NO_INFORMATION,
    REFRESH_S,
    WITHHELD,
    CandidacyProgress,
    PublishedPerson,
    Slice,
    age_group,
    by_age,
    by_education,
    by_sex,
    due,
    groups,
    progress,
    public_slices,
)

OFFICE = "diputacion-mr"
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="mc", name="Movimiento Ciudadano", acronym="MC"),
]


def owners(n: int, postulant: str | None = "pan", sex: str = "Mujer") -> list[PublishedPerson]:
    return [PublishedPerson(OFFICE, postulant, sex, 40, "Licenciatura") for _ in range(n)]


def raw(group: str, postulant: str, sex: str, yes: int) -> AggregateCell:
    """A cell as capture would send it if it withheld nothing."""
    return AggregateCell(
        grupo=group, cargo=OFFICE, postulante=postulant, sexo=sex, personas=yes, texto=str(yes)
    )


def shown(yes: int, published: int) -> GroupCell:
    (cell,) = groups([raw("indigena", "pan", "Mujer", yes)], public_slices(owners(published)))
    return cell


def test_a_group_count_under_five_is_never_shown_even_when_capture_sent_it() -> None:
    for yes in range(MIN_CELL):
        cell = shown(yes, 20)
        assert cell.people is None and cell.text == WITHHELD
    assert shown(MIN_CELL, 20).text == "5"


def test_a_zero_and_a_small_count_look_the_same() -> None:
    assert shown(0, 20) == shown(3, 20)


def test_a_count_that_leaves_fewer_than_five_of_the_public_slice_out_is_withheld() -> None:
    """Nine of eleven published: the two left are the «No», named by the list."""
    assert shown(9, 11).text == WITHHELD
    assert shown(6, 11).text == "6"


def test_a_count_over_owners_not_yet_public_is_withheld_against_the_public_slice() -> None:
    """Capture counts validated candidacies; the attacker's list holds only the
    published ones: against it the complement is what counts."""
    assert shown(6, 8).text == WITHHELD
    assert shown(6, 0).text == WITHHELD


def test_what_capture_withheld_stays_withheld() -> None:
    withheld = AggregateCell(
        grupo="indigena",
        cargo=OFFICE,
        postulante="pan",
        sexo="Mujer",
        personas=None,
        texto="menos de 5",
    )
    (cell,) = groups([withheld], public_slices(owners(40)))
    assert cell.people is None and cell.text == WITHHELD


def test_the_grid_is_kept_whole_and_in_order() -> None:
    cells = [
        raw(g, p, s, 0)
        for g in ("indigena", "migrante")
        for p in ("pan", INDEPENDENT)
        for s in ("Mujer", "Hombre")
    ]
    out = groups(cells, public_slices([]))
    assert [(c.group, c.postulant, c.sex) for c in out] == [
        (c.grupo, c.postulante, c.sexo) for c in cells
    ]
    assert all(c.text == WITHHELD for c in out)


# ----- the attacker: the public list, the answers profiles show, every figure -----

SLICES = [Slice(OFFICE, p, s) for p in ("pan", "mc") for s in ("Mujer", "Hombre")]
GROUPS = ("indigena", "discapacidad")
Person = tuple[Slice, dict[str, bool], bool]
"""Where the owner is, their answers, and whether their profile shows them (consent)."""
a_person = st.tuples(
    st.sampled_from(SLICES[:2]),  # few slices, so that they fill up past the threshold
    st.fixed_dictionaries({g: st.one_of(st.just(True), st.booleans()) for g in GROUPS}),
    st.booleans(),  # whether the profile shows the answers
)


def figures(crowd: list[Person]) -> list[GroupCell]:
    """Everything published of the groups, from capture's raw counts."""
    cells = [
        raw(g, where.postulant, where.sex, sum(1 for w, a, _ in crowd if w == where and a[g]))
        for g in GROUPS
        for where in SLICES
    ]
    public = public_slices(
        PublishedPerson(
            w.office,
            w.postulant,
            w.sex,
            40,
            None,
            {g: ("Sí" if yes else "No") for g, yes in a.items()} if shows else {},
        )
        for w, a, shows in crowd
    )
    return groups(cells, public)


def other_worlds(crowd: list[Person], i: int, group: str) -> Iterator[list[Person]]:
    """Worlds, the same to the public list and to every profile, where person ``i``
    answered the other way: alone, or swapping with someone of the same slice whose
    profile shows nothing either and who answered otherwise."""
    where, answers, _ = crowd[i]
    flipped = [*crowd[:i], (where, {**answers, group: not answers[group]}, False), *crowd[i + 1 :]]
    yield flipped
    for j, (other_where, other, shows) in enumerate(crowd):
        if j != i and other_where == where and not shows and other[group] != answers[group]:
            swapped = list(flipped)
            swapped[j] = (other_where, {**other, group: answers[group]}, False)
            yield swapped


SHOWN_YES_HIDDEN_NO: list[Person] = [
    *[(SLICES[0], {"indigena": True, "discapacidad": True}, True)] * 5,
    *[(SLICES[0], {"indigena": False, "discapacidad": True}, False)] * 6,
]
"""Five show «Sí» by consent, six show nothing and answered «No»: a count of 5 among
eleven would tell the six's answers."""


@settings(max_examples=150, deadline=None)
@given(st.lists(a_person, max_size=40))
@example(SHOWN_YES_HIDDEN_NO)
def test_no_figure_alone_or_combined_determines_anyones_answer(crowd: list[Person]) -> None:
    """Of every owner whose profile does not show the answer, there is another world,
    equally consistent with the list, the profiles and every figure, where they answered
    the other way."""
    published = figures(crowd)
    for i, (_, _, shows) in enumerate(crowd):
        if shows:
            continue  # their answer is public by their own consent
        for group in GROUPS:
            assert any(figures(w) == published for w in other_worlds(crowd, i, group)), (i, group)


def test_answers_the_profiles_show_do_not_hide_the_others() -> None:
    """Ten published PAN women, five of whom show «Sí» by consent: a count of 5 says the
    other five all answered «No», so it is withheld; with no answer shown it is not."""
    consented = [
        PublishedPerson(OFFICE, "pan", "Mujer", 40, None, {"indigena": "Sí"}) for _ in range(5)
    ]
    cell = raw("indigena", "pan", "Mujer", 5)
    assert groups([cell], public_slices(consented + owners(5)))[0].text == WITHHELD
    assert groups([cell], public_slices(owners(10)))[0].text == "5"
    seven = raw("indigena", "pan", "Mujer", 7)
    many = public_slices(consented[:2] + owners(13))  # 5 of 13 unknown said «Sí»
    assert groups([seven], many)[0].text == "7"


def test_no_total_of_the_groups_is_published() -> None:
    """Every figure of the groups is one cell of the grid: nothing sums cells, so no
    withheld cell is the difference of two published ones."""
    crowd = [(SLICES[0], {"indigena": True, "discapacidad": False}, False)] * 3
    crowd += [(SLICES[1], {"indigena": True, "discapacidad": False}, False)] * 12
    crowd += [(SLICES[1], {"indigena": False, "discapacidad": False}, False)] * 6
    published = figures(crowd)
    assert len(published) == len(GROUPS) * len(SLICES)
    by_slice = {(c.group, c.postulant, c.sex): c.text for c in published}
    assert by_slice[("indigena", "pan", "Mujer")] == WITHHELD  # 3 of 3
    assert by_slice[("indigena", "pan", "Hombre")] == "12"  # 12 of 18


# ----- capture progress and the distributions -----


def test_every_party_and_the_independents_appear_with_zeros() -> None:
    rows = progress(PARTIES, [])
    assert [(r.postulant, r.candidacies, r.published) for r in rows] == [
        ("pan", 0, 0),
        ("mc", 0, 0),
        (INDEPENDENT, 0, 0),
    ]


def test_progress_counts_each_stage_including_the_later_ones() -> None:
    rows = progress(
        PARTIES,
        [
            CandidacyProgress("pan", submitted=False, validated=False, published=False),
            CandidacyProgress("pan", submitted=True, validated=False, published=False),
            CandidacyProgress("pan", submitted=True, validated=True, published=True),
            CandidacyProgress(None, submitted=False, validated=True, published=False),
            CandidacyProgress("partido-desconocido", True, True, True),
        ],
    )
    pan, mc, independent = rows
    assert (pan.candidacies, pan.submitted, pan.validated, pan.published) == (3, 2, 1, 1)
    assert mc.candidacies == 0
    assert (independent.candidacies, independent.submitted, independent.validated) == (1, 1, 1)
    assert independent.name == "Candidaturas independientes"


def test_age_groups_follow_the_youth_and_the_older_persons_of_the_actions() -> None:
    assert [age_group(a) for a in (18, 29, 30, 59, 60, 91)] == [
        "18 a 29 años",
        "18 a 29 años",
        "30 a 39 años",
        "50 a 59 años",
        "60 años o más",
        "60 años o más",
    ]
    assert age_group(None) == NO_INFORMATION


def test_the_distributions_have_every_category_and_a_disabled_field_tells_nothing() -> None:
    people = [
        PublishedPerson(OFFICE, "pan", "Mujer", 25, "Maestría"),
        PublishedPerson(OFFICE, "pan", "Hombre", 64, None),  # moderation disabled it
    ]
    assert [(c.category, c.people) for c in by_sex(people)] == [
        ("Mujer", 1),
        ("Hombre", 1),
        ("No binario", 0),
    ]
    ages = {c.category: c.people for c in by_age(people)}
    assert list(ages) == [*AGE_GROUPS, NO_INFORMATION]
    assert ages["18 a 29 años"] == 1 and ages["60 años o más"] == 1 and ages["40 a 49 años"] == 0
    education = {c.category: c.people for c in by_education(people)}
    assert education["Maestría"] == 1 and education[NO_INFORMATION] == 1
    assert education["Doctorado"] == 0


def test_statistics_are_compiled_when_inputs_change_at_most_every_interval() -> None:
    now = dt.datetime(2027, 5, 20, 12, tzinfo=dt.UTC)
    ago = lambda s: now - dt.timedelta(seconds=s)  # noqa: E731
    assert due("a", None, None, now, 30)
    assert not due("b", "a", ago(10), now, 30)  # changed, but compiled 10 s ago
    assert due("b", "a", ago(30), now, 30)
    assert not due("a", "a", ago(REFRESH_S - 1), now, 30)  # nothing changed
    assert due("a", "a", ago(REFRESH_S), now, 30)  # the refresh


def alternates(n: int, identity: dict[str, object] | None = None) -> list[PublishedPerson]:
    return [
        PublishedPerson(OFFICE, "pan", "Mujer", 28, "Maestría", identity or {}, Whose.ALTERNATE)
        for _ in range(n)
    ]


def test_the_distributions_count_each_owner_and_each_alternate() -> None:
    people = [*owners(2), *alternates(3)]
    assert {c.category: c.people for c in by_sex(people)}["Mujer"] == 5
    ages = {c.category: c.people for c in by_age(people)}
    assert ages["18 a 29 años"] == 3 and ages["40 a 49 años"] == 2
    assert {c.category: c.people for c in by_education(people)}["Maestría"] == 3


def test_the_slices_hold_exactly_the_people_capture_counted() -> None:
    """Seven published owners and ten alternates, and capture counts the owners' answers
    only: 5 «Sí» leaves two owners, so it is withheld; a slice that took in the
    alternates too would have let it through and told that at most two said «No»."""
    people = [*owners(7), *alternates(10)]
    five = raw("indigena", "pan", "Mujer", 5)
    assert groups([five], public_slices(people, [Whose.OWNER]))[0].text == WITHHELD
    assert groups([five], public_slices(people, [Whose.OWNER, Whose.ALTERNATE]))[0].text == "5"


def test_an_alternates_answer_shown_by_consent_hides_nothing_of_the_others() -> None:
    """Capture counts owners and alternates: five alternates show «Sí», five owners show
    nothing; a count of 5 would say the five owners answered «No»."""
    people = [*owners(5), *alternates(5, {"indigena": "Sí"})]
    everyone = public_slices(people, [Whose.OWNER, Whose.ALTERNATE])
    assert groups([raw("indigena", "pan", "Mujer", 5)], everyone)[0].text == WITHHELD
