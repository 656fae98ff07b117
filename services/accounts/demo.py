"""The demo's party accounts, so a newcomer can sign in and capture at once (``make up``).

For the demo election's first party: a capture account and a supervisor. While they are
not activated, each start voids their old codes and prints new ones; once activated,
nothing is printed for them.
"""

from contracts.accounts import IssuedAccount, Scope, ScopeKind
from contracts.demo import DEMO_ELECTION_ID, DEMO_PARTY_ID
from contracts.envelope import utc_now
from contracts.roles import Role
from services.accounts import store
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.issuance import NewAccount, create_account, issue_code
from services.runtime import database
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
            live = await store.live_accounts_in_scope(conn, election_id, scope.kind.value, party)
            now = utc_now()
            for role, suffix, name in DEMO_PEOPLE:
                mine = [
                    row for row in live if row["role"] == role.value and row["display_name"] == name
                ]
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
                elif mine[0]["status"] == "pending":
                    row = mine[0]
                    await store.void_codes(conn, row["account_id"], now)
                    code, expires = await issue_code(conn, settings, row["account_id"], now)
                    printed.append(
                        IssuedAccount(
                            account_id=row["account_id"],
                            usuario=row["username"],
                            nombre=name,
                            role=role,
                            codigo=code,
                            vence=expires,
                        )
                    )
    finally:
        await pool.close()
    return printed


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
