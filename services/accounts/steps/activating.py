"""Activating: the one-time code from the receipt becomes a password (and, for staff, a
second factor enrolled by QR code).

A code works once, until it expires; wrong codes count toward the client address's
lockout like failed sign-ins, so codes cannot be guessed at speed, while a correct code
is never held back by others' failures. For staff the code is spent only when the second
factor is enrolled: a person who leaves the QR-code page halfway activates again with
the same code (a new password and a new secret; the earlier ticket no longer counts).
A wrong code's count and activity entry commit before the refusal, so ``look_up`` and
``activate`` run their own transactions.
"""

import asyncio
import time
from datetime import timedelta

from contracts.accounts import (
    AccountStatus,
    Activate,
    Activated,
    ActivationInfo,
    ConfirmTotp,
    TotpEnrolment,
)
from contracts.activity import Outcome
from contracts.envelope import utc_now
from contracts.roles import STAFF_ROLES
from services.accounts.adapters.sealing import TOTP_PURPOSE, sealer_for
from services.accounts.domain import totp
from services.accounts.domain.codes import (
    UNFINISHED,
    BadCode,
    BadTicket,
    new_token,
    normalized_code,
    secret_hash,
    still_good,
)
from services.accounts.domain.lockout import LockedOut
from services.accounts.domain.passwords import check_password, hash_password
from services.accounts.steps.recording import Origin, account_target
from services.accounts.steps.signing_in import address_locked, count_address_failure
from services.accounts.store import accounts, activation_codes, enrolment_tickets, known_addresses
from services.accounts.store.accounts import Account
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

ENROLMENT_TTL = timedelta(minutes=15)


async def _code_account(conn: Connection, typed: str) -> tuple[bytes, Account] | None:
    """The account the code activates, or None when the code is no good."""
    now = utc_now()
    code_hash = secret_hash(normalized_code(typed))
    code = await activation_codes.code(conn, code_hash)
    account = await accounts.account(conn, code.account_id, lock=True) if code else None
    if (
        code is None
        or account is None
        or not still_good(
            used_at=code.used_at, voided_at=code.voided_at, expires_at=code.expires_at, now=now
        )
        or account.status not in UNFINISHED
    ):
        return None
    return code_hash, account


async def _refuse_code(conn: Connection, deps: ServiceDeps, origin: Origin) -> Exception:
    """A wrong code counts against the client address, in a transaction of its own; from
    a locked address it is not even looked at."""
    locked = await address_locked(conn, origin.client_address)
    async with conn.transaction():
        if origin.client_address and not locked:
            await count_address_failure(conn, deps.settings, origin.client_address)
        await origin.acting_as(None).record(
            conn,
            deps.outbox,
            "account.activate",
            outcome=Outcome.DENIED,
            detail={"motivo": "bloqueo por intentos fallidos" if locked else "código no válido"},
        )
    return LockedOut() if locked else BadCode()


async def look_up(deps: ServiceDeps, origin: Origin, typed: str) -> ActivationInfo:
    """Whose account the code activates, before a password is chosen."""
    async with deps.pool.acquire() as conn:
        found = await _code_account(conn, typed)
        if found is None:
            raise await _refuse_code(conn, deps, origin)
    _, account = found
    return ActivationInfo(
        usuario=account.username,
        nombre=account.display_name,
        role=account.role,
        requires_totp=account.role in STAFF_ROLES,
    )


async def activate(deps: ServiceDeps, origin: Origin, form: Activate) -> Activated:
    async with deps.pool.acquire() as conn:
        async with conn.transaction():
            found = await _code_account(conn, form.codigo)
            if found is not None:
                return await _set_password(conn, deps, origin, form, *found)
        raise await _refuse_code(conn, deps, origin)


async def _set_password(
    conn: Connection,
    deps: ServiceDeps,
    origin: Origin,
    form: Activate,
    code_hash: bytes,
    account: Account,
) -> Activated:
    check_password(
        form.contrasena,
        form.confirmacion,
        user_inputs=[account.username, *account.display_name.split()],
    )
    staff = account.role in STAFF_ROLES
    now = utc_now()
    password_hash = await asyncio.to_thread(hash_password, form.contrasena)
    status = AccountStatus.ENROLLING if staff else AccountStatus.ACTIVE
    await accounts.set_password(conn, account.account_id, password_hash, status, now)
    if staff:  # the code stays good until the second factor is enrolled
        await enrolment_tickets.use_tickets_of(conn, account.account_id, now)
        enrolment = await _start_enrolment(conn, deps, account)
    else:
        await activation_codes.use_code(conn, code_hash, now)
        enrolment = None
    await known_addresses.remember_address(conn, account.account_id, origin.client_address, now)
    await origin.acting_as(account.principal()).record(
        conn,
        deps.outbox,
        "account.activate",
        target=account_target(account.account_id),
        detail={"segundo_factor_pendiente": staff},
    )
    return Activated(usuario=account.username, totp=enrolment)


async def _start_enrolment(conn: Connection, deps: ServiceDeps, account: Account) -> TotpEnrolment:
    secret = totp.new_secret()
    sealed = sealer_for(deps.settings).seal(secret.encode(), purpose=TOTP_PURPOSE)
    await accounts.set_totp_secret(conn, account.account_id, sealed)
    ticket = new_token()
    await enrolment_tickets.insert_ticket(
        conn, secret_hash(ticket), account.account_id, utc_now() + ENROLMENT_TTL
    )
    uri = totp.provisioning_uri(secret, account.username)
    return TotpEnrolment(ticket=ticket, secret=secret, otpauth_uri=uri, qr_svg=totp.qr_svg(uri))


async def confirm_totp(
    conn: Connection, deps: ServiceDeps, origin: Origin, form: ConfirmTotp
) -> None:
    """The second factor enrolled: the account is active, its code spent."""
    ticket_hash = secret_hash(form.ticket)
    ticket = await enrolment_tickets.ticket(conn, ticket_hash)
    now = utc_now()
    if ticket is None or not still_good(
        used_at=ticket.used_at, voided_at=None, expires_at=ticket.expires_at, now=now
    ):
        raise BadTicket
    account = await accounts.account(conn, ticket.account_id, lock=True)
    if account is None or account.status is not AccountStatus.ENROLLING:
        raise BadTicket
    assert account.totp_secret is not None  # set with the password, before the ticket
    secret = sealer_for(deps.settings).open(account.totp_secret, purpose=TOTP_PURPOSE)
    step = totp.matched_step(secret.decode(), form.codigo_totp, now_s=time.time(), last_step=None)
    if step is None:
        raise totp.CodeMismatch
    await enrolment_tickets.use_ticket(conn, ticket_hash, now)
    await accounts.finish_enrolment(conn, account.account_id, step, now)
    await activation_codes.use_codes_of(conn, account.account_id, now)
    await known_addresses.remember_address(conn, account.account_id, origin.client_address, now)
    await origin.acting_as(account.principal()).record(
        conn, deps.outbox, "account.totp_enrolled", target=account_target(account.account_id)
    )
