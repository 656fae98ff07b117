"""Who validates a submitted candidacy: a party's supervision or validation account; an
independent candidacy itself where the profile says so (001 §27, 003 §26), else its
team's supervision."""

import pytest

from contracts.requests import Principal
from contracts.roles import Role
from services.capture.adapters.profile_files import shipped_profile
from services.capture.domain.errors import Refused
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import CandidacyScope
from services.capture.domain.validation import check_may_validate

INDEPENDENT = CandidacyScope("F-IND-1", "pel", None)
PARTY = CandidacyScope("F-PAN-1", "pel", "pan")


def principal(role: Role, party: str | None = None, candidacy: str | None = None) -> Principal:
    return Principal(
        account_id=role.value, role=role, election_id="pel", party_id=party, candidacy_id=candidacy
    )


def test_an_independent_validates_its_own_only_where_the_profile_says_so() -> None:
    shipped = shipped_profile("estado-de-mexico")
    itself = principal(Role.INDEPENDENT, "F-IND-1", "F-IND-1")
    check_may_validate(CaptureStatus.SUBMITTED, itself, INDEPENDENT, shipped)
    elsewhere = shipped.model_copy(
        update={
            "validation": shipped.validation.model_copy(update={"independents_validate_own": False})
        }
    )
    with pytest.raises(Refused, match="supervisión del equipo"):
        check_may_validate(CaptureStatus.SUBMITTED, itself, INDEPENDENT, elsewhere)
    team = principal(Role.SUPERVISOR, "F-IND-1")
    check_may_validate(CaptureStatus.SUBMITTED, team, INDEPENDENT, elsewhere)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.VALIDATOR])
def test_a_partys_supervision_or_validation_validates(role: Role) -> None:
    check_may_validate(
        CaptureStatus.SUBMITTED, principal(role, "pan"), PARTY, shipped_profile("tabasco")
    )


@pytest.mark.parametrize("role", [Role.CAPTURIST, Role.CANDIDATE, Role.PARTY_ADMIN])
def test_who_captures_does_not_validate_a_party_candidacy(role: Role) -> None:
    with pytest.raises(Refused):
        check_may_validate(
            CaptureStatus.SUBMITTED, principal(role, "pan"), PARTY, shipped_profile("tabasco")
        )
