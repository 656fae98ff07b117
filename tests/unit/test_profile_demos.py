"""Every profile's demo file (deploy/demo/<profile>.toml, what ``make up PROFILE=…``
loads): it reads, its registry passes the checks an admin's import passes under its
profile, it names only its own offices, parties and coalitions, its captured answers are
complete as capture checks them, and it has the variety a newcomer should see."""

from datetime import date

import pytest

from contracts.demo import DEMO_FILES, PROFILES, PYTHON_DEMO_PROFILE, read_demo
from contracts.questionnaires import CURRICULAR, IDENTITY
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.demo import file_config, file_registry_rows
from services.capture.domain.answers import check_answers
from services.capture.domain.offices import check_offices
from services.capture.domain.registry_rows import RegistryRules, check_rows

FILE_PROFILES = sorted(path.stem for path in DEMO_FILES.glob("*.toml"))


def test_each_demo_file_is_of_a_shipped_profile_and_none_is_the_python_demos() -> None:
    assert FILE_PROFILES, "at least one demo file"
    assert set(FILE_PROFILES) <= set(PROFILES) - {PYTHON_DEMO_PROFILE}


@pytest.mark.parametrize("profile", FILE_PROFILES)
def test_the_demo_registry_passes_the_import_checks_under_its_profile(profile: str) -> None:
    demo = read_demo(profile)
    rules = load_profile(SHIPPED / f"{profile}.toml")
    config = file_config(demo, date(2027, 4, 1))
    check_offices(config, rules)
    checked = check_rows(
        file_registry_rows(demo),
        config,
        RegistryRules(
            today=date(2027, 1, 15),
            independent_offices=rules.independent_offices,
            formula_sexes=rules.registry.formula_sexes,
        ),
    )
    assert checked.problems == []
    assert len(checked.formulas) == len(demo.formulas) >= 6


@pytest.mark.parametrize("profile", FILE_PROFILES)
def test_the_captured_answers_are_complete_as_capture_checks_them(profile: str) -> None:
    demo = read_demo(profile)
    for formula in demo.captured:
        curricular = check_answers(CURRICULAR, formula.curricular)
        identity = check_answers(IDENTITY, formula.identity)
        assert curricular.problems == [] and identity.problems == [], formula.key


@pytest.mark.parametrize("profile", FILE_PROFILES)
def test_the_demo_shows_a_coalition_a_common_candidacy_an_independent_and_an_action(
    profile: str,
) -> None:
    demo = read_demo(profile)
    kinds = {f.postulant_kind for f in demo.formulas}
    assert kinds == {"partido", "coalicion", "independiente"}
    assert any("común" in c.name for c in demo.coalitions), "a common candidacy"
    assert any(len(c.parties) >= 2 and "común" not in c.name for c in demo.coalitions)
    assert any(f.affirmative_action for f in demo.formulas)
    assert demo.flagged in {f.key for f in demo.captured}
    assert len(demo.captured) >= 3 and len(demo.formulas) > len(demo.captured)
    assert any(f.captured_by == "independent" for f in demo.captured)
