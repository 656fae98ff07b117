"""Issuing, listing, revoking and reissuing accounts.

The admin issues staff accounts and each party's or independent's accounts (a generic
capture account, the designated supervisors — 000 §4.1 — and, where the profile says so,
a party admin — 004 §10-13); a party admin creates its own capturist and supervisor
sub-accounts. Lost credentials are revoked and reissued: every session of the old ones
dies at once (000 §3.6).
"""

from typing import Any

import asyncpg

from contracts.accounts import (
    AccountList,
    AccountQuery,
    AccountRef,
    AccountStatus,
    AccountView,
    CreateSubAccount,
    IssuedAccount,
    IssuedAccounts,
    IssueScope,
    IssueStaff,
    RoleChange,
    ScopeKind,
)
from contracts.activity import Outcome
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Principal, Request
from contracts.roles import STAFF_ROLES, Role
from services.accounts import store
from services.accounts.domain import permissions
from services.accounts.handlers.refusals import permission_refusals, refuse, signed_in
from services.accounts.handlers.scopes import known_scope
from services.accounts.issuance import NewAccount, create_account, issue_code, kill_sessions
from services.accounts.views import account_target, account_view
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps


async def _record_issue(
    conn: asyncpg.Connection, deps: ServiceDeps, request: Request[Any], issued: IssuedAccount
) -> None:
    await record_activity(
        conn,
        deps.outbox,
        action="account.issue",
        outcome=Outcome.OK,
        principal=request.principal,
        target=account_target(issued.account_id),
        request_id=request.request_id,
        client_address=request.client_address,
        detail={"rol": issued.role.value, "usuario": issued.usuario},
    )


async def issue_staff(deps: ServiceDeps, request: Request[IssueStaff]) -> IssuedAccounts:
    with permission_refusals():
        principal = permissions.require_role(request.principal, Role.ADMIN)
    form = request.payload
    if form.rol not in STAFF_ROLES and form.rol != Role.INE:
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            "Las cuentas de partido y de candidatura se emiten por partido o candidatura.",
        )
    async with deps.pool.acquire() as conn, conn.transaction():
        if await store.usernames_starting(conn, form.usuario) & {form.usuario}:
            raise refuse(ErrorCode.CONFLICT, f"El usuario «{form.usuario}» ya existe.")
        issued = await create_account(
            conn,
            deps.settings,
            NewAccount(
                username_base=form.usuario,
                display_name=form.nombre,
                role=form.rol,
                email=form.correo,
                phone=form.telefono,
            ),
            created_by=principal.account_id,
            now=utc_now(),
        )
        await _record_issue(conn, deps, request, issued)
    return IssuedAccounts(accounts=[issued])


async def issue_scope(deps: ServiceDeps, request: Request[IssueScope]) -> IssuedAccounts:
    """Issue what a party or independent lacks: its capture account (parties), its party
    admin (where the profile has one), and one supervisor account per person named."""
    with permission_refusals():
        principal = permissions.require_role(request.principal, Role.ADMIN)
    form, now = request.payload, utc_now()
    issued: list[IssuedAccount] = []
    async with deps.pool.acquire() as conn, conn.transaction():
        known = await known_scope(conn, form.election_id, form.scope)
        election, name = known.election, known.short
        live = await store.live_accounts_in_scope(
            conn, form.election_id, form.scope.kind.value, form.scope.id
        )
        roles_now = {row["role"] for row in live}
        wanted: list[NewAccount] = []

        def account(base: str, display: str, role: Role, **contact: Any) -> NewAccount:
            return NewAccount(
                username_base=base,
                display_name=display,
                role=role,
                election_id=form.election_id,
                scope=form.scope,
                **contact,
            )

        if form.scope.kind is ScopeKind.PARTY and Role.CAPTURIST not in roles_now:
            wanted.append(account(f"{name}-captura", f"Captura — {name}", Role.CAPTURIST))
        if election["party_admin_accounts"] and Role.PARTY_ADMIN not in roles_now:
            wanted.append(account(f"{name}-admin", f"Administración — {name}", Role.PARTY_ADMIN))
        for person in form.supervisores:
            wanted.append(
                account(
                    f"{name}-supervision",
                    person.nombre,
                    Role.SUPERVISOR,
                    email=person.correo,
                    phone=person.telefono,
                )
            )
        for new in wanted:
            made = await create_account(
                conn, deps.settings, new, created_by=principal.account_id, now=now
            )
            await _record_issue(conn, deps, request, made)
            issued.append(made)
    return IssuedAccounts(accounts=issued)


async def create_sub_account(
    deps: ServiceDeps, request: Request[CreateSubAccount]
) -> IssuedAccounts:
    form = request.payload
    principal = signed_in(request.principal)
    with permission_refusals():
        scope = permissions.check_sub_account_role(principal, form.rol)
    async with deps.pool.acquire() as conn, conn.transaction():
        name = (await known_scope(conn, str(principal.election_id), scope)).short
        base = f"{name}-{'captura' if form.rol == Role.CAPTURIST else 'supervision'}"
        made = await create_account(
            conn,
            deps.settings,
            NewAccount(
                username_base=base,
                display_name=form.nombre,
                role=form.rol,
                election_id=principal.election_id,
                scope=scope,
                email=form.correo,
                phone=form.telefono,
            ),
            created_by=principal.account_id,
            now=utc_now(),
        )
        await _record_issue(conn, deps, request, made)
    return IssuedAccounts(accounts=[made])


async def list_accounts(deps: ServiceDeps, request: Request[AccountQuery]) -> AccountList:
    principal = signed_in(request.principal)
    with permission_refusals():
        confined = permissions.listing_scope(principal)
    query = request.payload
    filters: dict[str, Any] = {
        "account_id": query.account_id,
        "election_id": query.election_id,
        "scope_kind": query.scope_kind.value if query.scope_kind else None,
        "scope_id": query.scope_id,
        "role": query.rol.value if query.rol else None,
        "status": query.estado.value if query.estado else None,
    }
    if confined is not None:
        filters |= {
            "election_id": principal.election_id,
            "scope_kind": confined.kind.value,
            "scope_id": confined.id,
        }
    rows = await store.list_accounts(deps.pool, {k: v for k, v in filters.items() if v is not None})
    return AccountList(accounts=[account_view(row) for row in rows])


async def _managed_account(
    conn: asyncpg.Connection, caller: Principal | None, account_id: str
) -> asyncpg.Record:
    principal = signed_in(caller)
    await store.take_admins_lock(conn)  # before the row's lock: always in this order
    row = await store.account(conn, account_id, lock=True)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa cuenta.")
    view = account_view(row)
    with permission_refusals():
        permissions.check_manages(
            principal, role=row["role"], scope=view.scope, election_id=row["election_id"]
        )
    return row


async def _check_an_admin_remains(conn: asyncpg.Connection, row: asyncpg.Record) -> None:
    active_admins = await store.active_admin_count(conn)
    with permission_refusals():
        permissions.check_an_admin_remains(
            role=row["role"], status=row["status"], active_admins=active_admins
        )


async def revoke(deps: ServiceDeps, request: Request[AccountRef]) -> AccountView:
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await _managed_account(conn, request.principal, request.payload.account_id)
        with permission_refusals():
            permissions.check_revocable(AccountStatus(row["status"]))
        await _check_an_admin_remains(conn, row)
        now = utc_now()
        version = await store.revoke_account(conn, row["account_id"], now)
        await store.void_codes(conn, row["account_id"], now)
        await kill_sessions(
            conn,
            deps.outbox,
            row["account_id"],
            reason="revoked",
            credential_version=version,
            now=now,
            by=request.principal,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="account.revoke",
            outcome=Outcome.OK,
            principal=request.principal,
            target=account_target(row["account_id"]),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"rol": row["role"]},
        )
        updated = await store.account(conn, row["account_id"])
    assert updated is not None
    return account_view(updated)


async def reissue(deps: ServiceDeps, request: Request[AccountRef]) -> IssuedAccounts:
    """Lost credentials (000 §3.6): new code, no password, old sessions dead at once."""
    with permission_refusals():
        permissions.require_role(request.principal, Role.ADMIN)
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await _managed_account(conn, request.principal, request.payload.account_id)
        await _check_an_admin_remains(conn, row)  # a reissued account is pending, not active
        now = utc_now()
        await store.void_codes(conn, row["account_id"], now)
        version = await store.reset_credentials(conn, row["account_id"])
        await kill_sessions(
            conn,
            deps.outbox,
            row["account_id"],
            reason="reissued",
            credential_version=version,
            now=now,
            by=request.principal,
        )
        code, expires_at = await issue_code(conn, deps.settings, row["account_id"], now)
        await record_activity(
            conn,
            deps.outbox,
            action="account.reissue",
            outcome=Outcome.OK,
            principal=request.principal,
            target=account_target(row["account_id"]),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"rol": row["role"]},
        )
    return IssuedAccounts(
        accounts=[
            IssuedAccount(
                account_id=row["account_id"],
                usuario=row["username"],
                nombre=row["display_name"],
                role=Role(row["role"]),
                codigo=code,
                vence=expires_at,
            )
        ]
    )


async def change_role(deps: ServiceDeps, request: Request[RoleChange]) -> AccountView:
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await _managed_account(conn, request.principal, request.payload.account_id)
        new_role = request.payload.rol
        with permission_refusals():
            assert request.principal is not None  # _managed_account refused anonymous callers
            permissions.check_revocable(AccountStatus(row["status"]))
            permissions.check_role_change(
                request.principal, current=Role(row["role"]), new=new_role
            )
        if new_role is not Role.ADMIN:
            await _check_an_admin_remains(conn, row)
        now = utc_now()
        version = await store.change_role(conn, row["account_id"], new_role.value)
        await kill_sessions(
            conn,
            deps.outbox,
            row["account_id"],
            reason="role changed",
            credential_version=version,
            now=now,
            by=request.principal,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="account.change_role",
            outcome=Outcome.OK,
            principal=request.principal,
            target=account_target(row["account_id"]),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"rol_anterior": row["role"], "rol_nuevo": new_role.value},
        )
        updated = await store.account(conn, row["account_id"])
    assert updated is not None
    return account_view(updated)
