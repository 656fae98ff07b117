"""Signing in and out.

Every failed sign-in gets the same answer, whatever failed (no such user, wrong
password, wrong or missing second factor, account not active), so the answer tells an
attacker nothing; guessing is slowed by a growing lockout per user name and per client
address, the latter sparing user names known at that address (domain/lockout.py). Every
attempt is an activity entry: a refusal's too, so ``sign_in`` runs its own transactions
and refuses only after the failure is counted and recorded.
"""

import asyncio
import time
from datetime import datetime, timedelta

from contracts.accounts import SESSIONS_REVOKED, AccountStatus, Session, SessionsRevoked, SignIn
from contracts.activity import Outcome
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.requests import Principal
from contracts.roles import STAFF_ROLES
from contracts.spanish_dates import DEFAULT_TIME_ZONE, short_moment, zone_name
from services.accounts.adapters.sealing import TOTP_PURPOSE, sealer_for
from services.accounts.domain.lockout import (
    KNOWN_ADDRESS_FOR,
    PER_USER_NAME,
    LockedOut,
    LockoutRule,
    address_holds_back,
    address_key,
    per_address,
    user_name_key,
)
from services.accounts.domain.passwords import password_matches
from services.accounts.domain.totp import matched_step
from services.accounts.steps.minting import open_session
from services.accounts.steps.notifying import notify
from services.accounts.steps.recording import Origin, account_target
from services.accounts.store import (
    accounts,
    elections,
    known_addresses,
    sessions,
    sign_in_failures,
)
from services.accounts.store.accounts import Account
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

FORGET_FAILURES_AFTER = timedelta(hours=1)


class SignInFailed(Exception):
    """One answer for every failure: it must not tell which part failed."""


def address_rule(settings: Settings) -> LockoutRule:
    return per_address(settings.sign_in_address_free_failures, settings.sign_in_address_max_lock_s)


async def address_locked(conn: Connection, address: str | None) -> bool:
    if not address:
        return False
    return await sign_in_failures.any_locked(conn, [address_key(address)], utc_now())


async def count_address_failure(conn: Connection, settings: Settings, address: str) -> None:
    key, now = address_key(address), utc_now()
    failures = await sign_in_failures.record_failure(conn, key, now, FORGET_FAILURES_AFTER)
    await sign_in_failures.set_locked_until(
        conn, key, address_rule(settings).locked_until(failures, now)
    )


async def _count_failure(
    conn: Connection,
    settings: Settings,
    user_key: str,
    address: str | None,
    account: Account | None,
) -> None:
    now = utc_now()
    failures = await sign_in_failures.record_failure(conn, user_key, now, FORGET_FAILURES_AFTER)
    locked_until = PER_USER_NAME.locked_until(failures, now)
    await sign_in_failures.set_locked_until(conn, user_key, locked_until)
    if account is not None and locked_until is not None and failures == PER_USER_NAME.free_failures:
        await _tell_locked_out(conn, account, locked_until)
    if address:
        await count_address_failure(conn, settings, address)


async def _tell_locked_out(conn: Connection, account: Account, until: datetime) -> None:
    """The holder hears of the first lock of a series: someone may be guessing."""
    election = await elections.election(conn, account.election_id) if account.election_id else None
    zone = election.time_zone if election else DEFAULT_TIME_ZONE
    await notify(
        conn,
        account.account_id,
        "Su cuenta se bloqueó por intentos fallidos",
        f"Hubo {PER_USER_NAME.free_failures} intentos seguidos de entrar a la cuenta "
        f"«{account.username}» con una contraseña equivocada, así que se bloqueó hasta las "
        f"{short_moment(until, zone)} ({zone_name(zone)}). Si no fue usted, avise a la "
        "administración del Instituto; si fue usted y no recuerda la contraseña, pida que "
        "se le reemitan las credenciales.",
        key=f"bloqueo-{account.account_id}-{until.isoformat()}",
    )


async def _held_back(
    conn: Connection, user_key: str, address: str | None, account: Account | None
) -> bool:
    """Locked out: the user name itself, or a locked address this name is not known at."""
    now = utc_now()
    if await sign_in_failures.any_locked(conn, [user_key], now):
        return True
    if not address or not await sign_in_failures.any_locked(conn, [address_key(address)], now):
        return False
    known_here = account is not None and await known_addresses.knows_address(
        conn, account.account_id, address, now - KNOWN_ADDRESS_FOR
    )
    return address_holds_back(address_locked=True, known_here=known_here)


def _second_factor(
    settings: Settings, account: Account, code: str | None, now_s: float
) -> int | None:
    if account.totp_secret is None or not code:
        return None
    secret = sealer_for(settings).open(account.totp_secret, purpose=TOTP_PURPOSE).decode()
    return matched_step(secret, code, now_s=now_s, last_step=account.totp_last_step)


async def _signed_in(
    conn: Connection,
    deps: ServiceDeps,
    origin: Origin,
    account: Account,
    user_key: str,
    step: int | None,
    now: datetime,
) -> Session:
    if step is not None:
        await accounts.record_totp_step(conn, account.account_id, step)
    await sign_in_failures.clear_failures(conn, user_key)
    await known_addresses.remember_address(conn, account.account_id, origin.client_address, now)
    session = await open_session(
        conn, deps.settings, account, client_address=origin.client_address, now=now
    )
    await origin.acting_as(account.principal(session.session_id)).record(
        conn, deps.outbox, "session.sign_in", target=account_target(account.account_id)
    )
    return session


async def sign_in(deps: ServiceDeps, origin: Origin, form: SignIn) -> Session:
    """A session for the right user name, password and (staff) second factor; refuses
    with ``LockedOut`` or ``SignInFailed`` once the attempt is recorded."""
    address, anonymous = origin.client_address, origin.acting_as(None)
    user_key = user_name_key(form.usuario)
    async with deps.pool.acquire() as conn:
        account = await accounts.account_by_username(conn, form.usuario)
        if await _held_back(conn, user_key, address, account):
            async with conn.transaction():
                await anonymous.record(
                    conn,
                    deps.outbox,
                    "session.sign_in",
                    outcome=Outcome.DENIED,
                    detail={"motivo": "bloqueo por intentos fallidos"},
                )
            raise LockedOut
        stored_hash = account.password_hash if account else None
        password_ok = await asyncio.to_thread(password_matches, stored_hash, form.contrasena)
        async with conn.transaction():
            account = await accounts.account_by_username(conn, form.usuario)  # locked now
            now = utc_now()
            step = None
            ok = password_ok and account is not None and account.status is AccountStatus.ACTIVE
            if ok and account is not None and account.role in STAFF_ROLES:
                step = _second_factor(deps.settings, account, form.codigo_totp, time.time())
                ok = step is not None
            if ok and account is not None:
                return await _signed_in(conn, deps, origin, account, user_key, step, now)
            await _count_failure(conn, deps.settings, user_key, address, account)
            await anonymous.record(
                conn,
                deps.outbox,
                "session.sign_in",
                outcome=Outcome.DENIED,
                target=account_target(account.account_id) if account else None,
                detail={"motivo": "credenciales no válidas"},
            )
    raise SignInFailed


async def sign_out(
    conn: Connection, deps: ServiceDeps, origin: Origin, principal: Principal
) -> None:
    """The session the caller signed in with ends now, at every gateway."""
    if principal.session_id and await sessions.revoke_session(
        conn, principal.session_id, "sign-out", utc_now()
    ):
        await deps.outbox.add(
            conn,
            SESSIONS_REVOKED,
            SessionsRevoked(account_id=principal.account_id, session_ids=(principal.session_id,)),
            actor=Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role),
            subject_id=principal.account_id,
        )
    await origin.record(
        conn, deps.outbox, "session.sign_out", target=account_target(principal.account_id)
    )
