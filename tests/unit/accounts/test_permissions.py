"""Role × scope decisions of the accounts service."""

import pytest

from contracts.accounts import Scope, ScopeKind
from contracts.requests import Principal
from contracts.roles import NotAllowed, OutOfScope, Role
from services.accounts.domain import permissions
from services.accounts.domain.permissions import InvalidChange

PAN_ADMIN = Principal(account_id="a", role="party_admin", election_id="e", party_id="pan")
PAN = Scope(kind=ScopeKind.PARTY, id="pan")
MORENA = Scope(kind=ScopeKind.PARTY, id="morena")


def test_a_party_admin_grants_only_capture_and_supervision_in_its_own_scope() -> None:
    assert permissions.check_sub_account_role(PAN_ADMIN, Role.CAPTURIST) == PAN
    for role in (Role.PARTY_ADMIN, Role.ADMIN, Role.VERIFIER, Role.CANDIDATE):
        with pytest.raises(NotAllowed):
            permissions.check_sub_account_role(PAN_ADMIN, role)


def test_a_party_admin_manages_only_its_own_partys_sub_accounts() -> None:
    permissions.check_manages(PAN_ADMIN, role="supervisor", scope=PAN, election_id="e")
    with pytest.raises(OutOfScope):
        permissions.check_manages(PAN_ADMIN, role="supervisor", scope=MORENA, election_id="e")
    with pytest.raises(NotAllowed):
        permissions.check_manages(PAN_ADMIN, role="party_admin", scope=PAN, election_id="e")


def test_an_independents_team_scope_is_its_candidacy() -> None:
    team = Principal(account_id="b", role="party_admin", election_id="e", candidacy_id="c9")
    assert permissions.scope_of(team) == Scope(kind=ScopeKind.INDEPENDENT, id="c9")
    candidate = Principal(account_id="c", role="candidate", election_id="e", candidacy_id="c1")
    assert permissions.scope_of(candidate) is None


def test_party_accounts_never_become_staff() -> None:
    admin = Principal(account_id="x", role="admin")
    with pytest.raises(InvalidChange):
        permissions.check_role_change(admin, current=Role.SUPERVISOR, new=Role.VERIFIER)
    permissions.check_role_change(admin, current=Role.CAPTURIST, new=Role.SUPERVISOR)


def test_only_the_last_active_admin_is_kept() -> None:
    with pytest.raises(permissions.LastAdmin):
        permissions.check_an_admin_remains(role="admin", status="active", active_admins=1)
    permissions.check_an_admin_remains(role="admin", status="active", active_admins=2)
    permissions.check_an_admin_remains(role="admin", status="pending", active_admins=0)
    permissions.check_an_admin_remains(role="verifier", status="active", active_admins=1)


def test_other_systems_accounts_are_issued_as_such_and_never_made_of_a_persons() -> None:
    permissions.check_staff_issue(Role.REGISTRY)
    admin = Principal(account_id="x", role="admin")
    for current, new in ((Role.CAPTURIST, Role.REGISTRY), (Role.REGISTRY, Role.CAPTURIST)):
        with pytest.raises(InvalidChange):
            permissions.check_role_change(admin, current=current, new=new)
