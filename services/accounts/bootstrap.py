"""The first admin account, so that a deployment can be entered at all, and entered again.

``conoceles up`` creates it when no admin is active and prints its activation code;
while it is still not activated, each start voids the old code and prints a new one.
``conoceles cuentas primer-admin`` is the way back in for whoever runs the server (the
last admin's password or phone lost, an enrolment abandoned): it always issues a code for
an admin, the unfinished first admin's again or a new account.
"""

import sys

import asyncpg

from contracts.accounts import AccountStatus, IssuedAccount
from contracts.activity import Outcome
from contracts.envelope import utc_now
from contracts.roles import Role
from services.accounts.domain.codes import UNFINISHED
from services.accounts.steps.issuing import NewAccount, create_account, new_code
from services.accounts.steps.recording import account_target
from services.accounts.store import accounts
from services.accounts.store.accounts import AccountFilter
from services.runtime import database
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox
from services.runtime.service_hooks import (
    CommandGroup,
    CommandServers,
    NoArguments,
    ServiceCommand,
)
from services.runtime.settings import Settings

FIRST_ADMIN = "admin"
AT_START = "arranque"
FROM_COMMAND_LINE = "línea de órdenes"


async def ensure_first_admin(settings: Settings) -> IssuedAccount | None:
    """At start: a code for the first admin, or None when an admin is active."""
    return await _first_admin(settings, origin=AT_START)


async def issue_first_admin(settings: Settings) -> IssuedAccount:
    """From the command line: a code for an admin, whatever admins exist."""
    issued = await _first_admin(settings, origin=FROM_COMMAND_LINE)
    assert issued is not None  # only the start leaves things as they are
    return issued


async def _first_admin(settings: Settings, *, origin: str) -> IssuedAccount | None:
    pool = await database.create_pool(settings, "accounts", max_size=2)
    outbox = Outbox(settings, "accounts")
    try:
        async with pool.acquire() as conn, conn.transaction():
            await accounts.take_admins_lock(conn)
            admins = await accounts.list_accounts(conn, AccountFilter(role=Role.ADMIN))
            if origin == AT_START and any(a.status is AccountStatus.ACTIVE for a in admins):
                return None
            # The first admin nobody finished activating gets a new code (its enrolment
            # resumes with it) rather than a sibling: one unfinished admin, one live code.
            never_used = [a for a in admins if a.status in UNFINISHED and not a.created_by]
            if never_used:
                issued = await new_code(conn, settings, never_used[0], utc_now())
            else:
                issued = await create_account(
                    conn,
                    settings,
                    NewAccount(
                        username_base=FIRST_ADMIN, display_name="Administración", role=Role.ADMIN
                    ),
                    created_by=None,
                    now=utc_now(),
                )
            await record_activity(
                conn,
                outbox,
                action="account.issue_first_admin",
                outcome=Outcome.OK,
                target=account_target(issued.account_id),
                detail={"origen": origin},
            )
            return issued
    finally:
        await pool.close()


async def print_first_admin(settings: Settings, _: NoArguments) -> int:
    """``conoceles cuentas primer-admin``: issue_first_admin, and what to do with its code."""
    try:
        issued = await issue_first_admin(settings)
    except (RuntimeError, OSError, asyncpg.PostgresError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(
        f"Cuenta de administración: usuario «{issued.usuario}».\n"
        f"Actívela en {settings.public_url.rstrip('/')}/activar con el código {issued.codigo}\n"
        f"(vale una sola vez, hasta el {issued.vence:%d/%m/%Y %H:%M} UTC; los códigos\n"
        "anteriores de esta cuenta dejan de valer). Queda registrado en la bitácora."
    )
    return 0


FIRST_ADMIN_COMMAND = ServiceCommand(
    group=CommandGroup("cuentas", "las cuentas"),
    name="primer-admin",
    help="emite una cuenta de administración y su código de activación",
    arguments=NoArguments,
    run=print_first_admin,
    servers=CommandServers.INSTALLED,
)
