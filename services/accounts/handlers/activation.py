"""Activation: the one-time code from the receipt becomes a password (and, for staff, a
second factor enrolled by QR code).

A code works once, until it expires; wrong codes count toward the client address's
lockout like failed sign-ins, so codes cannot be guessed at speed, while a correct code
is never held back by others' failures. For staff the code is spent only when the second
factor is enrolled: a person who leaves the QR-code page halfway activates again with
the same code (a new password and a new secret; the earlier ticket no longer counts).
"""

import asyncio
import time
from datetime import timedelta
from typing import Any

import asyncpg

from contracts.accounts import (
    Activate,
    Activated,
    ActivationCode,
    ActivationInfo,
    ConfirmTotp,
    TotpEnrolment,
)
from contracts.activity import Outcome
from contracts.envelope import utc_now
from contracts.errors import ErrorCode
from contracts.requests import Empty, Request
from contracts.roles import STAFF_ROLES, Role
from services.accounts import store
from services.accounts.domain import totp
from services.accounts.domain.codes import new_token, normalized_code, secret_hash
from services.accounts.domain.lockout import address_key
from services.accounts.domain.passwords import hash_password, password_problems
from services.accounts.handlers.refusals import field_refusal, refuse
from services.accounts.handlers.sign_in import LOCKED, TOTP_PURPOSE, count_address_failure
from services.accounts.sealing import sealer_for
from services.accounts.views import account_target, principal_of
from services.runtime.activity import record_activity
from services.runtime.requests import RequestRefused
from services.runtime.service_deps import ServiceDeps

ENROLMENT_TTL = timedelta(minutes=15)
BAD_CODE = "El código de activación no es válido, ya se usó o venció."
BAD_TICKET = (
    "La inscripción del segundo factor venció o se inició otra; vuelva a activar la cuenta "
    "con el mismo código de activación."
)
UNFINISHED = ("pending", "enrolling")  # enrolling: password set, second factor not yet


async def _address_locked(conn: asyncpg.Connection, address: str | None) -> bool:
    if not address:
        return False
    return any(
        row["locked_until"] is not None and row["locked_until"] > utc_now()
        for row in await store.failures(conn, [address_key(address)])
    )


async def _code_account(
    conn: asyncpg.Connection, typed: str
) -> tuple[bytes, asyncpg.Record] | None:
    """The account the code activates, or None when the code is no good."""
    now = utc_now()
    code_hash = secret_hash(normalized_code(typed))
    row = await store.code(conn, code_hash)
    account = await store.account(conn, row["account_id"], lock=True) if row else None
    if (
        row is None
        or account is None
        or row["used_at"] is not None
        or row["voided_at"] is not None
        or row["expires_at"] <= now
        or account["status"] not in UNFINISHED
    ):
        return None
    return code_hash, account


async def _bad_code(
    conn: asyncpg.Connection, deps: ServiceDeps, request: Request[Any]
) -> RequestRefused:
    """A wrong code counts against the client address, in a transaction of its own; from
    a locked address it is not even looked at."""
    locked = await _address_locked(conn, request.client_address)
    async with conn.transaction():
        if request.client_address and not locked:
            await count_address_failure(conn, deps.settings, request.client_address)
        await record_activity(
            conn,
            deps.outbox,
            action="account.activate",
            outcome=Outcome.DENIED,
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"motivo": "bloqueo por intentos fallidos" if locked else "código no válido"},
        )
    if locked:
        return refuse(ErrorCode.TOO_MANY_REQUESTS, LOCKED)
    return refuse(ErrorCode.NOT_FOUND, BAD_CODE)


async def lookup(deps: ServiceDeps, request: Request[ActivationCode]) -> ActivationInfo:
    async with deps.pool.acquire() as conn:
        found = await _code_account(conn, request.payload.codigo)
        if found is None:
            raise await _bad_code(conn, deps, request)
    _, account = found
    return ActivationInfo(
        usuario=account["username"],
        nombre=account["display_name"],
        role=Role(account["role"]),
        requires_totp=account["role"] in STAFF_ROLES,
    )


async def activate(deps: ServiceDeps, request: Request[Activate]) -> Activated:
    async with deps.pool.acquire() as conn:
        async with conn.transaction():
            found = await _code_account(conn, request.payload.codigo)
            if found is not None:
                return await _set_password(conn, deps, request, *found)
        raise await _bad_code(conn, deps, request)


async def _set_password(
    conn: asyncpg.Connection,
    deps: ServiceDeps,
    request: Request[Activate],
    code_hash: bytes,
    account: asyncpg.Record,
) -> Activated:
    form = request.payload
    password = form.contrasena
    problems = password_problems(
        password,
        form.confirmacion,
        user_inputs=[account["username"], *account["display_name"].split()],
    )
    if problems:
        raise field_refusal("La contraseña no es aceptable.", "contrasena", problems)
    staff = account["role"] in STAFF_ROLES
    now = utc_now()
    password_hash = await asyncio.to_thread(hash_password, password)
    status = "enrolling" if staff else "active"
    await store.set_password(conn, account["account_id"], password_hash, status, now)
    if staff:  # the code stays good until the second factor is enrolled
        await store.use_tickets_of(conn, account["account_id"], now)
        enrolment = await _start_enrolment(conn, deps, account)
    else:
        await store.use_code(conn, code_hash, now)
        enrolment = None
    if request.client_address:
        await store.remember_address(conn, account["account_id"], request.client_address, now)
    await record_activity(
        conn,
        deps.outbox,
        action="account.activate",
        outcome=Outcome.OK,
        principal=principal_of(account),
        target=account_target(account["account_id"]),
        request_id=request.request_id,
        client_address=request.client_address,
        detail={"segundo_factor_pendiente": staff},
    )
    return Activated(usuario=account["username"], totp=enrolment)


async def _start_enrolment(
    conn: asyncpg.Connection, deps: ServiceDeps, account: asyncpg.Record
) -> TotpEnrolment:
    secret = totp.new_secret()
    sealed = sealer_for(deps.settings).seal(secret.encode(), purpose=TOTP_PURPOSE)
    await store.set_totp_secret(conn, account["account_id"], sealed)
    ticket = new_token()
    await store.insert_ticket(
        conn, secret_hash(ticket), account["account_id"], utc_now() + ENROLMENT_TTL
    )
    uri = totp.provisioning_uri(secret, account["username"])
    return TotpEnrolment(ticket=ticket, secret=secret, otpauth_uri=uri, qr_svg=totp.qr_svg(uri))


async def confirm_totp(deps: ServiceDeps, request: Request[ConfirmTotp]) -> Empty:
    form = request.payload
    ticket_hash = secret_hash(form.ticket)
    async with deps.pool.acquire() as conn, conn.transaction():
        row = await store.ticket(conn, ticket_hash)
        now = utc_now()
        if row is None or row["used_at"] is not None or row["expires_at"] <= now:
            raise refuse(ErrorCode.NOT_FOUND, BAD_TICKET)
        account = await store.account(conn, row["account_id"], lock=True)
        if account is None or account["status"] != "enrolling":
            raise refuse(ErrorCode.NOT_FOUND, BAD_TICKET)
        secret = sealer_for(deps.settings).open(account["totp_secret"], purpose=TOTP_PURPOSE)
        step = totp.matched_step(
            secret.decode(), form.codigo_totp, now_s=time.time(), last_step=None
        )
        if step is None:
            raise field_refusal(
                "El código no coincide.",
                "codigo_totp",
                [
                    "Escriba el código de 6 dígitos que muestra su aplicación ahora; revise "
                    "que la hora de su teléfono sea correcta."
                ],
            )
        await store.use_ticket(conn, ticket_hash, now)
        await store.finish_enrolment(conn, account["account_id"], step, now)
        await store.use_codes_of(conn, account["account_id"], now)
        if request.client_address:
            await store.remember_address(conn, account["account_id"], request.client_address, now)
        await record_activity(
            conn,
            deps.outbox,
            action="account.totp_enrolled",
            outcome=Outcome.OK,
            principal=principal_of(account),
            target=account_target(account["account_id"]),
            request_id=request.request_id,
            client_address=request.client_address,
        )
    return Empty()
