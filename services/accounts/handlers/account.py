"""Handlers of ``account.*``: issuing, listing, revoking, reissuing accounts and changing
their role (steps/issuing.py, steps/revoking.py).

The admin issues staff accounts and each party's or independent's accounts; a party admin
creates its own capturist and supervisor sub-accounts (004 §10-13).
"""

from dataclasses import replace

from contracts.accounts import (
    AccountIds,
    AccountList,
    AccountNames,
    AccountQuery,
    AccountRef,
    AccountView,
    CreateSubAccount,
    FoundAccount,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    RoleChange,
    Username,
)
from contracts.errors import ErrorCode
from contracts.requests import Request
from contracts.roles import Role
from services.accounts.domain import permissions
from services.accounts.handlers.refusals import in_transaction, refusals, signed_in
from services.accounts.steps import issuing, revoking
from services.accounts.steps.recording import Origin
from services.accounts.store import accounts
from services.accounts.store.accounts import AccountFilter
from services.runtime.refusal_replies import refuse
from services.runtime.service_deps import ServiceDeps


async def issue_staff(deps: ServiceDeps, request: Request[IssueStaff]) -> IssuedAccounts:
    with refusals():
        admin = permissions.require_role(request.principal, Role.ADMIN)
        permissions.check_staff_issue(request.payload.rol)
    origin = Origin.of(request)
    return await in_transaction(deps, issuing.issue_staff, deps, origin, admin, request.payload)


async def issue_scope(deps: ServiceDeps, request: Request[IssueScope]) -> IssuedAccounts:
    with refusals():
        admin = permissions.require_role(request.principal, Role.ADMIN)
    origin = Origin.of(request)
    return await in_transaction(deps, issuing.issue_scope, deps, origin, admin, request.payload)


async def create_sub_account(
    deps: ServiceDeps, request: Request[CreateSubAccount]
) -> IssuedAccounts:
    principal = signed_in(request.principal)
    with refusals():
        scope = permissions.check_sub_account_role(principal, request.payload.rol)
    return await in_transaction(
        deps,
        issuing.create_sub_account,
        deps,
        Origin.of(request),
        principal,
        scope,
        request.payload,
    )


async def names(deps: ServiceDeps, request: Request[AccountIds]) -> AccountNames:
    principal = signed_in(request.principal)
    visible = permissions.names_visible(principal, list(dict.fromkeys(request.payload.ids)))
    known = await accounts.named(deps.pool, visible)
    return AccountNames(
        names={account_id: f"{user} ({name})" for account_id, (user, name) in known.items()}
    )


async def find(deps: ServiceDeps, request: Request[Username]) -> FoundAccount:
    principal = signed_in(request.principal)
    with refusals():
        permissions.check_may_find(principal)
    found = await accounts.account_by_username(deps.pool, request.payload.usuario.strip().lower())
    if found is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe una cuenta con ese usuario.")
    return FoundAccount(account_id=found.account_id)


async def list_accounts(deps: ServiceDeps, request: Request[AccountQuery]) -> AccountList:
    principal = signed_in(request.principal)
    with refusals():
        confined = permissions.listing_scope(principal)
    query = request.payload
    which = AccountFilter(
        account_id=query.account_id,
        election_id=query.election_id,
        scope_kind=query.scope_kind,
        scope_id=query.scope_id,
        role=query.rol,
        status=query.estado,
    )
    if confined is not None:
        which = replace(
            which,
            election_id=principal.election_id,
            scope_kind=confined.kind,
            scope_id=confined.id,
        )
    listed = await accounts.list_accounts(deps.pool, which)
    return AccountList(accounts=[account.view(account.code_expires_at) for account in listed])


async def revoke(deps: ServiceDeps, request: Request[AccountRef]) -> AccountView:
    principal = signed_in(request.principal)
    origin, account_id = Origin.of(request), request.payload.account_id
    return await in_transaction(deps, revoking.revoke, deps, origin, principal, account_id)


async def reissue(deps: ServiceDeps, request: Request[AccountRef]) -> IssuedAccounts:
    """Lost credentials (000 §3.6): only the admin reissues."""
    with refusals():
        admin = permissions.require_role(request.principal, Role.ADMIN)
    origin, account_id = Origin.of(request), request.payload.account_id
    return await in_transaction(deps, revoking.reissue, deps, origin, admin, account_id)


async def change_role(deps: ServiceDeps, request: Request[RoleChange]) -> AccountView:
    principal = signed_in(request.principal)
    change = request.payload
    return await in_transaction(
        deps,
        revoking.change_role,
        deps,
        Origin.of(request),
        principal,
        change.account_id,
        change.rol,
    )
