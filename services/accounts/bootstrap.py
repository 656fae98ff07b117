"""The first admin account, so that a new deployment can be entered at all.

``conoceles up`` (and ``conoceles cuentas primer-admin``) create it when no admin exists
and print its activation code; while it is still not activated, each call voids the old
code and prints a new one. Once an admin exists, nothing happens.
"""

from contracts.accounts import IssuedAccount
from contracts.activity import ActivityTarget, Outcome
from contracts.envelope import utc_now
from contracts.roles import Role
from services.accounts import store
from services.accounts.issuance import NewAccount, create_account, issue_code
from services.runtime import database
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings

FIRST_ADMIN = "admin"


async def ensure_first_admin(settings: Settings) -> IssuedAccount | None:
    """A code for the first admin, or None when an admin is already active."""
    pool = await database.create_pool(settings, "accounts", max_size=2)
    outbox = Outbox(settings, "accounts")
    try:
        async with pool.acquire() as conn, conn.transaction():
            await store.take_admins_lock(conn)
            admins = await store.list_accounts(conn, {"role": Role.ADMIN.value})
            if any(row["status"] in ("active", "enrolling") for row in admins):
                return None
            now = utc_now()
            pending = [row for row in admins if row["status"] == "pending"]
            if pending:
                row = pending[0]
                await store.void_codes(conn, row["account_id"], now)
                code, expires_at = await issue_code(conn, settings, row["account_id"], now)
                issued = IssuedAccount(
                    account_id=row["account_id"], usuario=row["username"],
                    nombre=row["display_name"], role=Role.ADMIN, codigo=code, vence=expires_at,
                )  # fmt: skip
            else:
                issued = await create_account(
                    conn, settings,
                    NewAccount(username_base=FIRST_ADMIN, display_name="Administración",
                               role=Role.ADMIN),
                    created_by=None, now=now,
                )  # fmt: skip
            await record_activity(
                conn, outbox, action="account.issue_first_admin", outcome=Outcome.OK,
                target=ActivityTarget(kind="account", id=issued.account_id),
            )  # fmt: skip
            return issued
    finally:
        await pool.close()
