"""Who may do what to which accounts: role × scope, decided from the verified principal.

The admin issues, revokes and reissues any account (000 §3.6); a party admin manages
only the capturist and supervisor accounts of its own party or independent candidacy,
and can grant no other role (004 §10-13).
"""

from contracts.accounts import AccountStatus, Scope, ScopeKind
from contracts.requests import Principal
from contracts.roles import (
    STAFF_ROLES,
    SUB_ACCOUNT_ROLES,
    SYSTEM_ROLES,
    NotAllowed,
    OutOfScope,
    Role,
)


class InvalidChange(Exception):
    """The change makes no sense for this account (say, revoking a revoked one)."""


class LastAdmin(Exception):
    """The change would leave no active admin, and so nobody to issue or revoke accounts."""


class IssuedPerScope(Exception):
    """A party's or candidacy's role is issued through its party or candidacy, not as staff."""


class NotAService(Exception):
    """Only the system's services send notices; a person's request may not."""


def principal_for(
    *,
    account_id: str,
    role: Role,
    election_id: str | None,
    scope: Scope | None,
    candidacy_id: str | None,
    session_id: str | None = None,
) -> Principal:
    """The principal a signed-in account acts as: a candidate reaches only its candidacy,
    an independent's team the candidacy its scope names."""
    party = scope.id if scope is not None and scope.kind is ScopeKind.PARTY else None
    own_candidacy = candidacy_id
    if scope is not None and scope.kind is ScopeKind.INDEPENDENT:
        own_candidacy = scope.id
    return Principal(
        account_id=account_id,
        role=role,
        election_id=election_id,
        party_id=None if role == Role.CANDIDATE else party,
        candidacy_id=own_candidacy,
        session_id=session_id,
    )


def scope_of(principal: Principal) -> Scope | None:
    if principal.party_id is not None:
        return Scope(kind=ScopeKind.PARTY, id=principal.party_id)
    if principal.candidacy_id is not None and principal.role != Role.CANDIDATE:
        return Scope(kind=ScopeKind.INDEPENDENT, id=principal.candidacy_id)
    return None


def require_role(principal: Principal | None, *roles: Role) -> Principal:
    if principal is None or principal.role not in roles:
        raise NotAllowed
    return principal


def check_staff_issue(role: Role) -> None:
    """The admin issues staff and other systems' accounts (INE, the registration system)
    one by one; party and candidacy accounts come with their party or candidacy."""
    if role not in STAFF_ROLES and role not in SYSTEM_ROLES:
        raise IssuedPerScope


def check_is_service(principal: Principal | None) -> None:
    """Notices come from services (moderation, deadlines, incidents), never from people."""
    if principal is not None:
        raise NotAService


def names_visible(principal: Principal, account_ids: list[str]) -> list[str]:
    """The accounts whose names the caller may read: support and the admin, any (the
    bitácora names who reported and who works each incident); anyone else, their own."""
    if principal.role in (Role.ADMIN, Role.SUPPORT):
        return account_ids
    return [a for a in account_ids if a == principal.account_id]


def check_may_find(principal: Principal) -> None:
    """Support and the admin find an account by its username: a report of a failure
    received by e-mail is filed for the account that sent it."""
    require_role(principal, Role.ADMIN, Role.SUPPORT)


def listing_scope(principal: Principal) -> Scope | None:
    """The scope a listing is confined to: none for the admin, its own for a party admin."""
    require_role(principal, Role.ADMIN, Role.PARTY_ADMIN)
    if principal.role == Role.ADMIN:
        return None
    return scope_of(principal)


def check_sub_account_role(principal: Principal, role: Role) -> Scope:
    """A party admin creates only capturist and supervisor accounts, in its own scope."""
    require_role(principal, Role.PARTY_ADMIN)
    if role not in SUB_ACCOUNT_ROLES:
        raise NotAllowed
    scope = scope_of(principal)
    if scope is None:
        raise OutOfScope
    return scope


def check_manages(
    principal: Principal, *, role: str, scope: Scope | None, election_id: str | None
) -> None:
    """May ``principal`` revoke or change an account with this role and scope?"""
    require_role(principal, Role.ADMIN, Role.PARTY_ADMIN)
    if principal.role == Role.ADMIN:
        return
    if role not in SUB_ACCOUNT_ROLES:
        raise NotAllowed
    if scope != scope_of(principal) or election_id != principal.election_id:
        raise OutOfScope


def check_role_change(principal: Principal, *, current: Role, new: Role) -> None:
    if principal.role == Role.PARTY_ADMIN and new not in SUB_ACCOUNT_ROLES:
        raise NotAllowed
    staff_now, staff_then = current in STAFF_ROLES, new in STAFF_ROLES
    if staff_now != staff_then or current in (Role.CANDIDATE, Role.INDEPENDENT, *SYSTEM_ROLES):
        # A party account does not become staff, nor a candidacy's account another kind.
        raise InvalidChange
    if new in SYSTEM_ROLES:
        # Another system's account is issued as such, never made of a person's.
        raise InvalidChange


def check_revocable(status: AccountStatus) -> None:
    if status is AccountStatus.REVOKED:
        raise InvalidChange


def check_an_admin_remains(*, role: str, status: str, active_admins: int) -> None:
    """Revoking, reissuing or demoting an account must leave at least one active admin:
    an institute without one can no longer manage its accounts (000 §3.6) until someone
    with the server runs ``conoceles cuentas primer-admin``."""
    if role == Role.ADMIN and status == AccountStatus.ACTIVE and active_admins <= 1:
        raise LastAdmin
