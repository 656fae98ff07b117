"""An incident's lifecycle: received → in progress → resolved → reported back, worked only
by support and the admin, with the resolution and what was told written down."""

import pytest

from contracts.incidents import IncidentStatus
from contracts.requests import Principal
from contracts.roles import Role
from services.incidents.domain.errors import Forbidden, Refused
from services.incidents.domain.lifecycle import check_may_work, check_move, may_see_all

RECEIVED, IN_PROGRESS = IncidentStatus.RECEIVED, IncidentStatus.IN_PROGRESS
RESOLVED, REPORTED_BACK = IncidentStatus.RESOLVED, IncidentStatus.REPORTED_BACK


def who(role: Role) -> Principal:
    return Principal(account_id=f"{role.value}-1", role=role)


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (RECEIVED, IN_PROGRESS),
        (IN_PROGRESS, RESOLVED),
        (RESOLVED, REPORTED_BACK),
        (RESOLVED, IN_PROGRESS),
    ],
)
def test_support_moves_an_incident_forward_or_takes_a_resolved_one_up_again(
    current: IncidentStatus, to: IncidentStatus
) -> None:
    check_move(current, to, "Se reinició el servicio y se comprobó la captura.")


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (IN_PROGRESS, RECEIVED),
        (REPORTED_BACK, IN_PROGRESS),
        (RECEIVED, REPORTED_BACK),
        (RESOLVED, RESOLVED),
    ],
)
def test_an_incident_cannot_go_back_or_skip_its_resolution(
    current: IncidentStatus, to: IncidentStatus
) -> None:
    with pytest.raises(Refused, match="no puede pasar"):
        check_move(current, to, "nota")


@pytest.mark.parametrize("to", [RESOLVED, REPORTED_BACK])
def test_a_resolution_and_what_was_told_must_be_written(to: IncidentStatus) -> None:
    current = IN_PROGRESS if to is RESOLVED else RESOLVED
    with pytest.raises(Refused, match="queda en la bitácora"):
        check_move(current, to, "   ")


@pytest.mark.parametrize("role", [Role.CAPTURIST, Role.SUPERVISOR, Role.VERIFIER, Role.CANDIDATE])
def test_only_support_and_the_admin_work_incidents_and_see_the_whole_bitacora(role: Role) -> None:
    with pytest.raises(Forbidden):
        check_may_work(who(role))
    assert not may_see_all(who(role))
    for worker in (Role.SUPPORT, Role.ADMIN):
        check_may_work(who(worker))
        assert may_see_all(who(worker))
