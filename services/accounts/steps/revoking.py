"""Taking credentials away: revoking, reissuing lost ones (000 §3.6) and changing a role.

Each gives the account a new credential version and ends every session of the old one at
once, everywhere (the ``sessions.revoked`` event tells every gateway). None may leave the
institute without an active admin: each takes the admins' lock and counts them.
"""

from datetime import datetime

from contracts.accounts import (
    SESSIONS_REVOKED,
    AccountView,
    IssuedAccounts,
    Scope,
    ScopeKind,
    SessionsRevoked,
)
from contracts.activity import DetailValue
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.events.capture import CandidacyWithdrawn
from contracts.requests import Principal
from contracts.roles import Role
from services.accounts.domain import permissions
from services.accounts.steps.issuing import new_code
from services.accounts.steps.locating import known_account
from services.accounts.steps.recording import SYSTEM, Origin, account_target
from services.accounts.store import accounts, activation_codes, candidacies, sessions
from services.accounts.store.accounts import Account
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps


async def end_sessions(
    conn: Connection,
    outbox: Outbox,
    account_id: str,
    *,
    reason: str,
    credential_version: int | None,
    now: datetime,
    by: Principal | None,
) -> None:
    """End every session of the account; the event tells every gateway at once."""
    session_ids = await sessions.revoke_account_sessions(conn, account_id, reason, now)
    await outbox.add(
        conn,
        SESSIONS_REVOKED,
        SessionsRevoked(
            account_id=account_id, session_ids=session_ids, credential_version=credential_version
        ),
        actor=Actor.system(outbox.producer)
        if by is None
        else Actor(kind=ActorKind.ACCOUNT, id=by.account_id, role=by.role),
        subject_id=account_id,
    )


async def _managed_account(conn: Connection, by: Principal, account_id: str) -> Account:
    await accounts.take_admins_lock(conn)  # before the row's lock: always in this order
    account = await known_account(conn, account_id, lock=True)
    permissions.check_manages(
        by, role=account.role, scope=account.scope, election_id=account.election_id
    )
    return account


async def _check_an_admin_remains(conn: Connection, account: Account) -> None:
    permissions.check_an_admin_remains(
        role=account.role,
        status=account.status,
        active_admins=await accounts.active_admin_count(conn),
    )


async def _sessions_ended(
    conn: Connection,
    outbox: Outbox,
    origin: Origin,
    account: Account,
    *,
    version: int,
    now: datetime,
    reason: str,
    action: str,
    detail: dict[str, DetailValue],
) -> None:
    """The credentials changed (new ``version``): every session ends, the change is recorded."""
    await end_sessions(
        conn,
        outbox,
        account.account_id,
        reason=reason,
        credential_version=version,
        now=now,
        by=origin.principal,
    )
    await origin.record(
        conn, outbox, action, target=account_target(account.account_id), detail=detail
    )


async def _revoke(
    conn: Connection,
    outbox: Outbox,
    origin: Origin,
    account: Account,
    *,
    reason: str,
    detail: dict[str, DetailValue],
    now: datetime,
) -> None:
    version = await accounts.revoke_account(conn, account.account_id, now)
    await activation_codes.void_codes(conn, account.account_id, now)
    await _sessions_ended(
        conn,
        outbox,
        origin,
        account,
        version=version,
        now=now,
        reason=reason,
        action="account.revoke",
        detail=detail,
    )


async def revoke(
    conn: Connection, deps: ServiceDeps, origin: Origin, by: Principal, account_id: str
) -> AccountView:
    account = await _managed_account(conn, by, account_id)
    permissions.check_revocable(account.status)
    await _check_an_admin_remains(conn, account)
    detail: dict[str, DetailValue] = {"rol": account.role.value}
    await _revoke(
        conn, deps.outbox, origin, account, reason="revoked", detail=detail, now=utc_now()
    )
    return (await known_account(conn, account.account_id)).view()


async def reissue(
    conn: Connection, deps: ServiceDeps, origin: Origin, by: Principal, account_id: str
) -> IssuedAccounts:
    """Lost credentials (000 §3.6): new code, no password, old sessions dead at once."""
    account = await _managed_account(conn, by, account_id)
    await _check_an_admin_remains(conn, account)  # a reissued account is pending, not active
    now = utc_now()
    await _sessions_ended(
        conn,
        deps.outbox,
        origin,
        account,
        version=await accounts.reset_credentials(conn, account.account_id),
        now=now,
        reason="reissued",
        action="account.reissue",
        detail={"rol": account.role.value},
    )
    issued = await new_code(conn, deps.settings, account, now)  # the old codes voided
    return IssuedAccounts(accounts=[issued])


async def change_role(
    conn: Connection,
    deps: ServiceDeps,
    origin: Origin,
    by: Principal,
    account_id: str,
    new_role: Role,
) -> AccountView:
    account = await _managed_account(conn, by, account_id)
    permissions.check_revocable(account.status)
    permissions.check_role_change(by, current=account.role, new=new_role)
    if new_role is not Role.ADMIN:
        await _check_an_admin_remains(conn, account)
    await _sessions_ended(
        conn,
        deps.outbox,
        origin,
        account,
        version=await accounts.change_role(conn, account.account_id, new_role),
        now=utc_now(),
        reason="role changed",
        action="account.change_role",
        detail={"rol_anterior": account.role.value, "rol_nuevo": new_role.value},
    )
    return (await known_account(conn, account.account_id)).view()


async def withdraw_candidacy(
    conn: Connection, deps: ServiceDeps, withdrawn: CandidacyWithdrawn
) -> None:
    """A substituted or cancelled candidacy (000 §3.14): its own account and, for an
    independent, its team's accounts are revoked with every session."""
    now = utc_now()
    await candidacies.withdraw_candidacy(conn, withdrawn.candidacy_id, now)
    own = await accounts.live_account_of_candidacy(conn, withdrawn.candidacy_id)
    team = await accounts.live_accounts_in_scope(
        conn, withdrawn.election_id, Scope(kind=ScopeKind.INDEPENDENT, id=withdrawn.candidacy_id)
    )
    for account in {a.account_id: a for a in [*([own] if own else []), *team]}.values():
        await _revoke(
            conn,
            deps.outbox,
            SYSTEM,
            account,
            reason=f"candidacy {withdrawn.reason}",
            detail={"motivo": f"candidatura {withdrawn.reason.value}", "rol": account.role.value},
            now=now,
        )
