"""The demo's accounts, so a newcomer can sign in and work at once (``make up``).

For the demo election's first party: a capture account and a supervisor; for the
institute, a verifier of the demo election, who moderates what the party validates.
While they are not activated, each start voids their old codes and prints new ones; once
activated, nothing is printed for them.
"""

from datetime import datetime

from contracts.accounts import AccountStatus, IssuedAccount, Scope, ScopeKind
from contracts.demo import DEMO_ELECTION_ID, DEMO_PARTY_ID
from contracts.envelope import utc_now
from contracts.roles import Role
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.steps.issuing import NewAccount, create_account, new_code
from services.accounts.store import accounts
from services.accounts.store.accounts import AccountFilter
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
    ``make up`` prints them."""
    first_admin = await ensure_first_admin(settings)
    people = await ensure_demo_accounts(settings, DEMO_ELECTION_ID, DEMO_PARTY_ID)
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
    return lines
