"""The demo's accounts, so a newcomer can sign in and work at once (``make up``).

For the demo election's first party: a capture account and a supervisor; for the
institute, a verifier of the demo election, who moderates what the party validates.
While they are not activated, each start voids their old codes and prints new ones; once
activated, nothing is printed for them.
"""

import asyncio
from datetime import datetime

from contracts.accounts import AccountStatus, IssuedAccount, Scope, ScopeKind
from contracts.demo import (
    DEMO_ELECTION_ID,
    DEMO_PARTY_ID,
    PYTHON_DEMO_PROFILE,
    DemoAccount,
    DemoElection,
    ScopeOf,
    known_profile,
    read_demo,
)
from contracts.envelope import utc_now
from contracts.roles import Role
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.steps.issuing import NewAccount, create_account, new_code
from services.accounts.store import accounts
from services.accounts.store.accounts import Account, AccountFilter
from services.runtime import database
from services.runtime.connections import Connection
from services.runtime.settings import Settings

DEMO_PEOPLE = (
    (Role.CAPTURIST, "captura", "Captura — PAN (demostración)"),
    (Role.SUPERVISOR, "supervision", "Lucía Peña Ibáñez (demostración)"),
)


async def ensure_demo_accounts(
    settings: Settings, election_id: str, party: str
) -> list[IssuedAccount]:
    pool = await database.create_pool(settings, "accounts", max_size=1)
    scope = Scope(kind=ScopeKind.PARTY, id=party)
    printed: list[IssuedAccount] = []
    try:
        async with pool.acquire() as conn, conn.transaction():
            live = await accounts.live_accounts_in_scope(conn, election_id, scope)
            now = utc_now()
            for role, suffix, name in DEMO_PEOPLE:
                mine = [a for a in live if a.role is role and a.display_name == name]
                if not mine:
                    printed.append(
                        await create_account(
                            conn,
                            settings,
                            NewAccount(
                                username_base=f"{party}-{suffix}-demo",
                                display_name=name,
                                role=role,
                                election_id=election_id,
                                scope=scope,
                            ),
                            created_by=None,
                            now=now,
                        )
                    )
                elif mine[0].status is AccountStatus.PENDING:
                    printed.append(await new_code(conn, settings, mine[0], now))
            printed += await _demo_verifier(conn, settings, election_id, now)
    finally:
        await pool.close()
    return printed


REVOKED = AccountStatus.REVOKED
DEMO_VERIFIER = "Verificación del Instituto (demostración)"


async def _demo_verifier(
    conn: Connection, settings: Settings, election_id: str, now: datetime
) -> list[IssuedAccount]:
    staff = AccountFilter(election_id=election_id, role=Role.VERIFIER)
    mine = [a for a in await accounts.list_accounts(conn, staff) if a.display_name == DEMO_VERIFIER]
    if not mine:
        new = NewAccount(
            username_base="verificacion-demo",
            display_name=DEMO_VERIFIER,
            role=Role.VERIFIER,
            election_id=election_id,
        )
        return [await create_account(conn, settings, new, created_by=None, now=now)]
    if mine[0].status is AccountStatus.PENDING:
        known = await accounts.account(conn, mine[0].account_id)
        assert known is not None  # just listed
        return [await new_code(conn, settings, known, now)]
    return []


async def load_demo(settings: Settings) -> list[str]:
    """The demo hook (service.py): the first admin's code and the demo people's, as
    ``make up`` prints them, for the chosen profile's demo election."""
    first_admin = await ensure_first_admin(settings)
    if known_profile(settings.demo_profile) == PYTHON_DEMO_PROFILE:
        people = await ensure_demo_accounts(settings, DEMO_ELECTION_ID, DEMO_PARTY_ID)
        guide = None
    else:
        demo = read_demo(settings.demo_profile)
        people = await ensure_file_accounts(settings, demo)
        guide = demo.guide
    activate = f"{settings.public_url.rstrip('/')}/activar"
    lines = []
    if first_admin is not None:
        lines.append(
            f"\nPrimera cuenta de administración: usuario «{first_admin.usuario}».\n"
            f"Actívela en {activate} con el código {first_admin.codigo}\n"
            "(vale una vez; pide una aplicación de códigos TOTP para el segundo factor)."
        )
    for person in people:
        lines.append(
            f"Cuenta de demostración «{person.usuario}» ({person.nombre}): actívela en "
            f"{activate} con el código {person.codigo}"
        )
    if guide is not None:
        lines.append(f"\n{guide}")
    return lines


# ----- the other profiles' demos, from deploy/demo/<profile>.toml ---------------------------

CANDIDACY_ACCOUNT_WAIT_S = 30.0
"""How long the demo waits for the account accounts issues when it hears a candidacy
registered (consumers.py), where the profile gives every candidacy its own."""


async def ensure_file_accounts(settings: Settings, demo: DemoElection) -> list[IssuedAccount]:
    """Each of the demo's accounts: issued once, its code printed again while it is not
    activated; a candidacy's own account is the one issued when it was registered."""
    pool = await database.create_pool(settings, "accounts", max_size=1)
    printed: list[IssuedAccount] = []
    try:
        for wanted in demo.accounts:
            if wanted.scope is ScopeOf.CANDIDACY:
                async with pool.acquire() as conn:
                    await _candidacy_account(conn, str(wanted.of))
            async with pool.acquire() as conn, conn.transaction():
                now = utc_now()
                if wanted.scope is ScopeOf.CANDIDACY:
                    found = await accounts.live_account_of_candidacy(conn, str(wanted.of))
                else:
                    found = await _named_account(conn, demo.election_id, wanted)
                if found is None:
                    printed.append(
                        await create_account(
                            conn,
                            settings,
                            NewAccount(
                                username_base=str(wanted.username),
                                display_name=wanted.name,
                                role=wanted.role,
                                election_id=demo.election_id,
                                scope=_scope(wanted),
                            ),
                            created_by=None,
                            now=now,
                        )
                    )
                elif found.status is AccountStatus.PENDING:
                    printed.append(await new_code(conn, settings, found, now))
    finally:
        await pool.close()
    return printed


def _scope(wanted: DemoAccount) -> Scope | None:
    if wanted.scope is ScopeOf.PARTY:
        return Scope(kind=ScopeKind.PARTY, id=str(wanted.of))
    if wanted.scope is ScopeOf.INDEPENDENT:
        return Scope(kind=ScopeKind.INDEPENDENT, id=str(wanted.of))
    return None


async def _named_account(conn: Connection, election_id: str, wanted: DemoAccount) -> Account | None:
    which = AccountFilter(election_id=election_id, role=wanted.role)
    listed = await accounts.list_accounts(conn, which)
    mine = [a for a in listed if a.display_name == wanted.name and a.status is not REVOKED]
    return await accounts.account(conn, mine[0].account_id) if mine else None


async def _candidacy_account(conn: Connection, candidacy_id: str) -> Account:
    # Issued by the consumer of candidacy.registered, in accounts' own process; the demo
    # hook runs beside it and has no event of its own to await, so it looks again.
    deadline = asyncio.get_running_loop().time() + CANDIDACY_ACCOUNT_WAIT_S
    while True:
        found = await accounts.live_account_of_candidacy(conn, candidacy_id)
        if found is not None:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(f"no account was issued for the demo candidacy {candidacy_id}")
        await asyncio.sleep(0.2)
