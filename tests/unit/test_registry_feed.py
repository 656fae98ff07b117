"""The registration system's changes, checked as a registry file's rows are, and what each
may do where the candidacy stands (services/capture/domain/registry_feed.py)."""

import datetime as dt
from typing import Any

import pytest

from contracts.capture import RegistryChange
from services.capture.demo import demo_config
from services.capture.domain.errors import Invalid, Refused
from services.capture.domain.formulas import Standing, Status
from services.capture.domain.registry_feed import (
    changes_anything,
    checked_formula,
    registered_part,
)
from services.capture.domain.registry_rows import RegistryRules
from tests.support.registry import feed_change

CONFIG = demo_config()
ELECTION = CONFIG.election_id
RULES = RegistryRules(today=dt.date(2026, 12, 1))


def change(change_id: str, tipo: str, clave: str, *person: str, **formula: Any) -> RegistryChange:
    sent = feed_change(change_id, tipo, clave, *person, **formula)
    return RegistryChange.model_validate({**sent, "election_id": ELECTION})


def standing(sent: RegistryChange, status: Status = Status.REGISTERED) -> Standing:
    return Standing(ELECTION, status, registered_part(checked_formula(sent, CONFIG, RULES)))


def decided(sent: RegistryChange, own: Standing | None, replaced: Standing | None = None) -> bool:
    return changes_anything(sent, checked_formula(sent, CONFIG, RULES), ELECTION, own, replaced)


def test_a_problem_is_named_where_it_stands_in_the_change_sent() -> None:
    sent = change("c-1", "registro", "F-1", "", "Muñoz", cargo="gubernatura")
    owner = sent.candidatura.propietaria
    sent.candidatura.suplente = owner.model_copy(update={"nombres": "Lucía", "sexo": "Otro"})
    with pytest.raises(Invalid) as refused:
        checked_formula(sent, CONFIG, RULES)
    fields = [problem.field for problem in refused.value.fields]
    assert sorted(fields) == [  # every problem in one round
        "candidatura.cargo",
        "candidatura.propietaria.nombres",
        "candidatura.suplente.sexo",
    ]
    assert all(problem.line is None for problem in refused.value.fields)

    wrong_office = change("c-2", "registro", "F-1", cargo="gubernatura")
    with pytest.raises(Invalid) as refused:
        checked_formula(wrong_office, CONFIG, RULES)
    assert [p.field for p in refused.value.fields] == ["candidatura.cargo"]  # once, not per row


def test_a_substitution_names_whom_it_replaces_and_a_registration_does_not() -> None:
    for sent in (
        change("c-1", "sustitucion", "F-2"),
        change("c-1", "sustitucion", "F-2", sustituye_a="F-2"),
        change("c-1", "registro", "F-2", sustituye_a="F-1"),
    ):
        with pytest.raises(Invalid) as refused:
            checked_formula(sent, CONFIG, RULES)
        assert [p.field for p in refused.value.fields] == ["candidatura.sustituye_a"]


def test_a_registration_of_a_registered_candidacy_changes_nothing_unless_its_data_differ() -> None:
    registration = change("c-1", "registro", "F-1")
    assert decided(registration, None)
    assert not decided(registration, standing(registration))
    with pytest.raises(Refused, match="envíe una corrección"):
        decided(change("c-2", "registro", "F-1", "Otra"), standing(registration))


def test_only_a_live_candidacy_is_corrected_and_a_correction_keeps_whom_it_replaces() -> None:
    registration = change("c-1", "registro", "F-1")
    correction = change("c-2", "correccion", "F-1", "Sofía Isabel")
    assert decided(correction, standing(registration))
    assert not decided(correction, standing(correction))
    with pytest.raises(Refused, match="envíe primero su registro"):
        decided(correction, None)
    with pytest.raises(Refused, match="fue retirada"):
        decided(correction, standing(registration, Status.CANCELLED))
    with pytest.raises(Invalid):
        decided(change("c-3", "correccion", "F-1", sustituye_a="F-0"), standing(registration))


def test_a_substitution_needs_a_live_candidacy_to_replace() -> None:
    old = standing(change("c-1", "registro", "F-1"))
    substitution = change("c-2", "sustitucion", "F-2", "Elena", "Garza", sustituye_a="F-1")
    assert decided(substitution, None, old)
    with pytest.raises(Refused, match="que se sustituiría"):
        decided(substitution, None, None)
    gone = Standing(ELECTION, Status.SUBSTITUTED, old.formula)
    with pytest.raises(Refused, match="ya no está vigente"):
        decided(substitution, None, gone)
    assert not decided(substitution, standing(substitution), gone)  # in effect already


def test_a_cancellation_withdraws_a_live_candidacy_once() -> None:
    registration = change("c-1", "registro", "F-1")
    cancellation = change("c-2", "cancelacion", "F-1")
    assert decided(cancellation, standing(registration))
    assert not decided(cancellation, standing(registration, Status.CANCELLED))
    with pytest.raises(Refused, match="fue sustituida"):
        decided(cancellation, standing(registration, Status.SUBSTITUTED))


def test_a_candidacy_of_another_election_is_not_touched() -> None:
    registration = change("c-1", "registro", "F-1")
    elsewhere = Standing("otra", Status.REGISTERED, standing(registration).formula)
    with pytest.raises(Refused, match="otra elección"):
        decided(registration, elsewhere)
