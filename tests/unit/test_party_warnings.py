"""Who warns a party's capture of incomplete or non-compliant questionnaires, and when:
the party's supervisor, before validation, where the profile provides it (Zacatecas,
002 §II.B.1.II); elsewhere the refusal says the process does not provide it."""

import pytest

from contracts.requests import Principal
from contracts.roles import Role
from services.capture.adapters.profile_files import shipped_profile
from services.capture.domain.errors import Forbidden, Refused
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import CandidacyScope
from services.capture.domain.validation import check_may_warn_party

PARTY = CandidacyScope("F-PAN-1", "pel", "pan")
INDEPENDENT = CandidacyScope("F-IND-1", "pel", None)
SUPERVISOR = Principal(account_id="s", role=Role.SUPERVISOR, election_id="pel", party_id="pan")


@pytest.mark.parametrize("status", [CaptureStatus.DRAFT, CaptureStatus.SUBMITTED])
def test_zacatecas_supervisor_warns_before_validation(status: CaptureStatus) -> None:
    check_may_warn_party(status, SUPERVISOR, PARTY, shipped_profile("zacatecas"))


def test_after_validation_only_a_change_request_reopens() -> None:
    with pytest.raises(Refused, match="solicitud de cambio"):
        check_may_warn_party(
            CaptureStatus.VALIDATED, SUPERVISOR, PARTY, shipped_profile("zacatecas")
        )


@pytest.mark.parametrize("role", [Role.CAPTURIST, Role.PARTY_ADMIN, Role.CANDIDATE])
def test_only_the_supervision_warns(role: Role) -> None:
    someone = SUPERVISOR.model_copy(update={"role": role})
    with pytest.raises(Forbidden, match="supervisión del partido"):
        check_may_warn_party(CaptureStatus.DRAFT, someone, PARTY, shipped_profile("zacatecas"))


def test_an_independent_answers_for_itself() -> None:
    with pytest.raises(Forbidden):
        check_may_warn_party(
            CaptureStatus.DRAFT, SUPERVISOR, INDEPENDENT, shipped_profile("zacatecas")
        )


@pytest.mark.parametrize("profile", ["nuevo-leon", "estado-de-mexico", "durango", "tabasco"])
def test_other_processes_do_not_provide_it(profile: str) -> None:
    with pytest.raises(Refused, match="no prevé"):
        check_may_warn_party(CaptureStatus.DRAFT, SUPERVISOR, PARTY, shipped_profile(profile))
