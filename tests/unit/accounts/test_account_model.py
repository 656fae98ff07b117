"""What the institute issues a party or an independent, under each account model."""

import pytest

from services.accounts.domain.account_model import TeamMadeByItsAdmin, issued_by_the_institute


def test_where_the_party_has_an_admin_the_institute_issues_that_account_alone() -> None:
    assert issued_by_the_institute(True, True, 0) == ["admin"]  # 004 §10-13
    assert issued_by_the_institute(False, True, 0) == ["admin"]


def test_where_the_party_has_an_admin_it_names_its_supervision_itself() -> None:
    with pytest.raises(TeamMadeByItsAdmin):
        issued_by_the_institute(True, True, 1)


def test_elsewhere_a_party_gets_its_capture_account_and_each_supervisor_named() -> None:
    assert issued_by_the_institute(True, False, 2) == ["capture", "supervisor", "supervisor"]
    assert issued_by_the_institute(False, False, 1) == ["supervisor"]  # an independent
