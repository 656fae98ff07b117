"""The benchmarks' national dataset (bench/national.py) is what capture would accept: its
registry rows pass the import's checks, every person's questionnaires can be sent, and
the same seed gives the same data."""

import datetime as dt
import hashlib
from collections import Counter

from bench import national
from contracts.capture import ElectionConfig, ImportFormat
from contracts.questionnaires import CURRICULAR, IDENTITY, YES
from services.capture.domain.answers import check_answers
from services.capture.domain.registry_consistency import check_consistency
from services.capture.domain.registry_rows import REGISTRY_COLUMNS, RegistryRules, check_table
from services.capture.domain.tabular_files import read_table

SAMPLE = list(national.candidacies(400))


def test_the_same_seed_gives_the_same_candidacies_photos_and_answers() -> None:
    again = list(national.candidacies(400))
    assert again == SAMPLE
    sliced = list(national.candidacies(10, first=391))
    assert sliced == SAMPLE[390:]
    one = SAMPLE[7]
    assert national.photo(one, "suplente") == national.photo(again[7], "suplente")
    assert national.curricular(one, "propietaria", "a" * 64) == national.curricular(
        again[7], "propietaria", "a" * 64
    )
    assert list(national.candidacies(400, seed=1)) != SAMPLE


def test_the_registry_file_passes_the_import_checks() -> None:
    election = ElectionConfig.model_validate(national.election_config())
    chosen = list(national.candidacies(3_000))
    content = national.registry_csv(chosen)
    table = read_table(ImportFormat.CSV, content, 10_000, REGISTRY_COLUMNS)
    checked = check_table(table, election, RegistryRules(today=dt.date(2026, 12, 1)))
    assert checked.problems == []
    assert len(checked.formulas) == len(chosen)
    assert all(formula.alternate is not None for formula in checked.formulas)
    # no party stands twice for a seat (each state's list of proportional representation
    # is a place of its own), no person is in two formulas
    assert check_consistency(checked.formulas, {}, election) == []


def test_no_two_people_of_the_national_list_are_the_same_person() -> None:
    people = [
        (p.names, p.first_surname, p.second_surname, p.born)
        for c in national.candidacies()
        for p in (c.owner, c.alternate)
    ]
    assert len(set(people)) == len(people)


def test_every_persons_questionnaires_can_be_sent() -> None:
    for candidacy in SAMPLE[:100]:
        for quality in ("propietaria", "suplente"):
            curricular = check_answers(
                CURRICULAR, national.curricular(candidacy, quality, "b" * 64)
            )
            identity = check_answers(IDENTITY, national.identity(candidacy, quality))
            assert curricular.submittable, (curricular.problems, curricular.missing)
            assert identity.submittable, (identity.problems, identity.missing)


def test_a_formula_standing_for_a_group_belongs_to_it_and_the_shares_are_national() -> None:
    everyone = list(national.candidacies())
    assert 95_000 <= len(everyone) <= 110_000
    assert {c.state.key for c in everyone} == {s.key for s in national.STATES}
    actions = Counter(c.affirmative_action for c in everyone)
    assert 0.15 < 1 - actions[None] / len(everyone) < 0.30
    assert 0.30 < sum(c.consents for c in everyone) / len(everyone) < 0.40
    for candidacy in SAMPLE:
        if candidacy.affirmative_action == "indigena":
            assert national.identity(candidacy, "suplente")["indigena"] == YES
        if candidacy.affirmative_action == "joven":
            assert national.identity(candidacy, "propietaria")["poblacion_joven"] == YES


def test_no_two_people_share_a_photo() -> None:
    digests = {
        hashlib.sha256(national.photo(c, quality)).digest()
        for c in SAMPLE[:50]
        for quality in ("propietaria", "suplente")
    }
    assert len(digests) == 100
