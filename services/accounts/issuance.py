"""Creating an account with its one-time activation code, and taking credentials away.

Used by the admin's and party admin's requests and by the consumer of capture's events
(a candidacy's registration creates its candidate account). Each function runs inside
the caller's transaction, so the account, its code, its activity entry and its events
commit together.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from contracts.accounts import SESSIONS_REVOKED, IssuedAccount, Scope, SessionsRevoked
from contracts.envelope import Actor, ActorKind, new_event_id
from contracts.requests import Principal
from contracts.roles import Role
from services.accounts import store
from services.accounts.domain.codes import new_activation_code, secret_hash
from services.accounts.domain.usernames import first_free, slug
from services.accounts.sealing import sealer_for
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings

CODE_PURPOSE = "activation-code"


@dataclass(frozen=True)
class NewAccount:
    username_base: str
    display_name: str
    role: Role
    election_id: str | None = None
    scope: Scope | None = None
    candidacy_id: str | None = None
    email: str | None = None
    phone: str | None = None


async def issue_code(
    conn: asyncpg.Connection, settings: Settings, account_id: str, now: datetime
) -> tuple[str, datetime]:
    code = new_activation_code()
    sealed = sealer_for(settings).seal(code.encode(), purpose=CODE_PURPOSE)
    ttl = timedelta(days=settings.activation_code_ttl_days)
    expires_at = await store.insert_code(conn, secret_hash(code), account_id, sealed, now, ttl)
    return code, expires_at


async def create_account(
    conn: asyncpg.Connection,
    settings: Settings,
    new: NewAccount,
    *,
    created_by: str | None,
    now: datetime,
) -> IssuedAccount:
    base = slug(new.username_base)
    username = first_free(base, await store.usernames_starting(conn, base))
    account_id = str(new_event_id())
    await store.insert_account(
        conn,
        {
            "account_id": account_id,
            "username": username,
            "display_name": new.display_name,
            "role": new.role.value,
            "status": "pending",
            "election_id": new.election_id,
            "scope_kind": new.scope.kind.value if new.scope else None,
            "scope_id": new.scope.id if new.scope else None,
            "candidacy_id": new.candidacy_id,
            "email": new.email,
            "phone": new.phone,
            "created_by": created_by,
            "created_at": now,
        },
    )
    code, expires_at = await issue_code(conn, settings, account_id, now)
    return IssuedAccount(
        account_id=account_id,
        usuario=username,
        nombre=new.display_name,
        role=new.role,
        codigo=code,
        vence=expires_at,
    )


async def kill_sessions(
    conn: asyncpg.Connection,
    outbox: Outbox,
    account_id: str,
    *,
    reason: str,
    credential_version: int | None,
    now: datetime,
    by: Principal | None,
) -> None:
    """End every session of the account; the event tells every gateway at once."""
    session_ids = await store.revoke_account_sessions(conn, account_id, reason, now)
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
