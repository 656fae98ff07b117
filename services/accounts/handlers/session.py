"""Sign-in, refresh, sign-out and the public keys.

Every failed sign-in gets the same answer, whatever failed (no such user, wrong
password, wrong or missing second factor, account not active), so the answer tells an
attacker nothing; guessing is slowed by a growing lockout per user name and per client
address, the latter sparing user names known at that address (domain/lockout.py). Every
attempt is an activity entry.
"""

import asyncio
import time
from datetime import timedelta
from typing import Any

import asyncpg

from contracts.accounts import (
    SESSIONS_REVOKED,
    Refresh,
    Session,
    SessionsRevoked,
    SignIn,
    TokenKeys,
)
from contracts.activity import Outcome
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.errors import ErrorCode
from contracts.requests import Empty, Request
from contracts.roles import STAFF_ROLES
from services.accounts import store
from services.accounts.domain.codes import secret_hash
from services.accounts.domain.lockout import (
    KNOWN_ADDRESS_FOR,
    PER_USER_NAME,
    LockoutRule,
    address_holds_back,
    address_key,
    per_address,
    user_name_key,
)
from services.accounts.domain.passwords import password_matches
from services.accounts.domain.totp import matched_step
from services.accounts.handlers.refusals import SIGN_IN_FAILED, refuse, signed_in
from services.accounts.keys import published
from services.accounts.sealing import sealer_for
from services.accounts.sessions import open_session, tokens_for
from services.accounts.views import account_target, principal_of
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

TOTP_PURPOSE = "totp-secret"
FORGET_FAILURES_AFTER = timedelta(hours=1)
LOCKED = "Demasiados intentos fallidos. Espere unos minutos e intente de nuevo."


async def _locked(conn: asyncpg.Connection, keys: list[str], now: Any) -> bool:
    return any(
        row["locked_until"] is not None and row["locked_until"] > now
        for row in await store.failures(conn, keys)
    )


def address_rule(settings: Settings) -> LockoutRule:
    return per_address(settings.sign_in_address_free_failures, settings.sign_in_address_max_lock_s)


async def count_address_failure(conn: asyncpg.Connection, settings: Settings, address: str) -> None:
    key, now = address_key(address), utc_now()
    failures = await store.record_failure(conn, key, now, FORGET_FAILURES_AFTER)
    await store.set_locked_until(conn, key, address_rule(settings).locked_until(failures, now))


async def _count_failure(
    conn: asyncpg.Connection, settings: Settings, user_key: str, address: str | None
) -> None:
    now = utc_now()
    failures = await store.record_failure(conn, user_key, now, FORGET_FAILURES_AFTER)
    await store.set_locked_until(conn, user_key, PER_USER_NAME.locked_until(failures, now))
    if address:
        await count_address_failure(conn, settings, address)


async def _held_back(
    conn: asyncpg.Connection, user_key: str, address: str | None, account: asyncpg.Record | None
) -> bool:
    """Locked out: the user name itself, or a locked address this name is not known at."""
    now = utc_now()
    if await _locked(conn, [user_key], now):
        return True
    if not address or not await _locked(conn, [address_key(address)], now):
        return False
    known_here = account is not None and await store.knows_address(
        conn, account["account_id"], address, now - KNOWN_ADDRESS_FOR
    )
    return address_holds_back(address_locked=True, known_here=known_here)


def _second_factor(
    settings: Settings, account: asyncpg.Record, code: str | None, now_s: float
) -> int | None:
    if account["totp_secret"] is None or not code:
        return None
    secret = sealer_for(settings).open(account["totp_secret"], purpose=TOTP_PURPOSE).decode()
    return matched_step(secret, code, now_s=now_s, last_step=account["totp_last_step"])


async def sign_in(deps: ServiceDeps, request: Request[SignIn]) -> Session:
    form, address = request.payload, request.client_address
    user_key = user_name_key(form.usuario)
    async with deps.pool.acquire() as conn:
        account = await store.account_by_username(conn, form.usuario)
        if await _held_back(conn, user_key, address, account):
            async with conn.transaction():
                await record_activity(
                    conn,
                    deps.outbox,
                    action="session.sign_in",
                    outcome=Outcome.DENIED,
                    request_id=request.request_id,
                    client_address=address,
                    detail={"motivo": "bloqueo por intentos fallidos"},
                )
            raise refuse(ErrorCode.TOO_MANY_REQUESTS, LOCKED)
        stored_hash = account["password_hash"] if account else None
        password_ok = await asyncio.to_thread(password_matches, stored_hash, form.contrasena)
        async with conn.transaction():
            account = await store.account_by_username(conn, form.usuario)  # locked now
            now = utc_now()
            ok = password_ok and account is not None and account["status"] == "active"
            step = None
            if ok and account["role"] in STAFF_ROLES:
                step = _second_factor(deps.settings, account, form.codigo_totp, time.time())
                ok = step is not None
            if not ok:
                await _count_failure(conn, deps.settings, user_key, address)
                await record_activity(
                    conn,
                    deps.outbox,
                    action="session.sign_in",
                    outcome=Outcome.DENIED,
                    target=account_target(account["account_id"]) if account else None,
                    request_id=request.request_id,
                    client_address=address,
                    detail={"motivo": "credenciales no válidas"},
                )
            else:
                if step is not None:
                    await store.record_totp_step(conn, account["account_id"], step)
                await store.clear_failures(conn, user_key)
                if address:
                    await store.remember_address(conn, account["account_id"], address, now)
                session = await open_session(
                    conn, deps.settings, account, client_address=address, now=now
                )
                await record_activity(
                    conn,
                    deps.outbox,
                    action="session.sign_in",
                    outcome=Outcome.OK,
                    principal=principal_of(account, session.session_id),
                    target=account_target(account["account_id"]),
                    request_id=request.request_id,
                    client_address=address,
                )
    if not ok:
        raise refuse(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
    return session


async def refresh(deps: ServiceDeps, request: Request[Refresh]) -> Session:
    token_hash = secret_hash(request.payload.refresh_token)
    reused = False
    async with deps.pool.acquire() as conn, conn.transaction():
        now = utc_now()
        row = await store.refresh_token(conn, token_hash)
        if row is None or row["revoked_at"] is not None or row["expires_at"] <= now:
            raise refuse(ErrorCode.UNAUTHENTICATED, "La sesión terminó; inicie sesión de nuevo.")
        if row["used_at"] is not None:
            reused = True
            await _revoke_reused(conn, deps.outbox, row, request, now)
        else:
            account = await store.account(conn, row["account_id"])
            current = account is not None and account["status"] == "active"
            if not current or account["credential_version"] != row["credential_version"]:
                raise refuse(
                    ErrorCode.UNAUTHENTICATED, "La sesión terminó; inicie sesión de nuevo."
                )
            await store.use_refresh_token(conn, token_hash, now)
            session = await tokens_for(
                conn,
                deps.settings,
                account,
                session_id=row["session_id"],
                session_expires_at=row["expires_at"],
                now=now,
            )
    if reused:
        raise refuse(
            ErrorCode.UNAUTHENTICATED,
            "Esta sesión se cerró por seguridad: su renovación ya se había usado. "
            "Inicie sesión de nuevo.",
        )
    return session


async def _revoke_reused(
    conn: asyncpg.Connection,
    outbox: Outbox,
    row: asyncpg.Record,
    request: Request[Refresh],
    now: Any,
) -> None:
    """A used refresh token came back: someone holds a copy. The session dies."""
    await store.revoke_session(conn, row["session_id"], "refresh token reused", now)
    await outbox.add(
        conn,
        SESSIONS_REVOKED,
        SessionsRevoked(account_id=row["account_id"], session_ids=[row["session_id"]]),
        actor=Actor.system(outbox.producer),
        subject_id=row["account_id"],
    )
    await record_activity(
        conn,
        outbox,
        action="session.refresh_reused",
        outcome=Outcome.DENIED,
        target=account_target(row["account_id"]),
        request_id=request.request_id,
        client_address=request.client_address,
        detail={"sesion": row["session_id"]},
    )


async def sign_out(deps: ServiceDeps, request: Request[Empty]) -> Empty:
    principal = signed_in(request.principal)
    async with deps.pool.acquire() as conn, conn.transaction():
        now = utc_now()
        if principal.session_id and await store.revoke_session(
            conn, principal.session_id, "sign-out", now
        ):
            await deps.outbox.add(
                conn,
                SESSIONS_REVOKED,
                SessionsRevoked(
                    account_id=principal.account_id, session_ids=[principal.session_id]
                ),
                actor=Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role),
                subject_id=principal.account_id,
            )
        await record_activity(
            conn,
            deps.outbox,
            action="session.sign_out",
            outcome=Outcome.OK,
            principal=principal,
            target=account_target(principal.account_id),
            request_id=request.request_id,
            client_address=request.client_address,
        )
    return Empty()


async def public_keys(deps: ServiceDeps, _: Request[Empty]) -> TokenKeys:
    async with deps.pool.acquire() as conn:
        return await published(conn, deps.settings, utc_now())
