"""The demo's party accounts, so a newcomer can sign in and capture at once (``make up``).

For the demo election's first party: a capture account and a supervisor. While they are
not activated, each start voids their old codes and prints new ones; once activated,
nothing is printed for them.
"""

from contracts.accounts import IssuedAccount, Scope, ScopeKind
from contracts.envelope import utc_now
from contracts.roles import Role
from services.accounts import store
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
