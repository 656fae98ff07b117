"""How far a candidacy's capture came, as the institute monitors it (000 §5.6): nothing
saved is not captured; a questionnaire never saved or a section under 100 % is
incomplete; and only the institute's staff of the election read the tally."""

import pytest

from contracts.capture import Progress
from contracts.requests import Principal
from contracts.roles import OutOfScope, Role
from services.capture.domain.errors import Forbidden
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.progress import Tallied, check_may_monitor, grouped, progress_of

FULL = {"datos": 100, "contacto": 100}


@pytest.mark.parametrize(
    ("status", "curricular", "identity", "expected"),
    [
        (CaptureStatus.DRAFT, None, None, Progress.NOT_CAPTURED),
        (CaptureStatus.DRAFT, {"datos": 40}, None, Progress.INCOMPLETE),
        (CaptureStatus.DRAFT, FULL, None, Progress.INCOMPLETE),
        (CaptureStatus.DRAFT, FULL, {"identidad": 90}, Progress.INCOMPLETE),
        (CaptureStatus.DRAFT, FULL, {"identidad": 100}, Progress.COMPLETE),
        (CaptureStatus.SUBMITTED, FULL, {"identidad": 100}, Progress.SUBMITTED),
        (CaptureStatus.VALIDATED, FULL, {"identidad": 100}, Progress.VALIDATED),
    ],
)
def test_progress(
    status: CaptureStatus,
    curricular: dict[str, int] | None,
    identity: dict[str, int] | None,
    expected: Progress,
) -> None:
    assert progress_of(status, curricular, identity) is expected


def test_only_the_institutes_staff_of_the_election_monitor() -> None:
    check_may_monitor(Principal(account_id="v", role=Role.VERIFIER), "e1")
    check_may_monitor(Principal(account_id="v", role=Role.ADMIN, election_id="e1"), "e1")
    with pytest.raises(OutOfScope):
        check_may_monitor(Principal(account_id="v", role=Role.VERIFIER, election_id="e2"), "e1")
    with pytest.raises(Forbidden):
        check_may_monitor(Principal(account_id="s", role=Role.SUPERVISOR, party_id="pan"), "e1")


def test_groups_by_party_then_office_with_the_independents_last() -> None:
    def one(cid: str, party: str | None, office: str) -> Tallied:
        return Tallied(cid, cid, party, office, Progress.NOT_CAPTURED)

    groups = grouped(
        [
            one("a", None, "pm"),
            one("b", "pri", "dip"),
            one("c", "pan", "pm"),
            one("d", "pan", "dip"),
        ]
    )
    assert list(groups) == [("pan", "dip"), ("pan", "pm"), ("pri", "dip"), (None, "pm")]
