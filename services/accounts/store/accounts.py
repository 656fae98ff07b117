"""The ``accounts`` table: who may sign in, with which role, scope and credentials."""

from dataclasses import dataclass, fields
from datetime import datetime

from pydantic import Field

from contracts.accounts import ACCOUNT_STATUS_LABEL, AccountStatus, AccountView, Scope, ScopeKind
from contracts.requests import Principal
from contracts.roles import ROLE_LABEL, Role
from services.accounts.domain.permissions import principal_for
from services.runtime.typed_rows import Conn, Row


class Account(Row):
    account_id: str
    username: str
    display_name: str
    role: Role
    status: AccountStatus
    election_id: str | None
    scope_kind: ScopeKind | None
    scope_id: str | None
    candidacy_id: str | None
    email: str | None
    phone: str | None
    created_by: str | None
    password_hash: str | None = Field(repr=False)
    totp_secret: bytes | None = Field(repr=False)  # sealed (adapters/sealing.py)
    totp_last_step: int | None
    credential_version: int
    created_at: datetime
    activated_at: datetime | None
    revoked_at: datetime | None

    @property
    def scope(self) -> Scope | None:
        if self.scope_kind is None or self.scope_id is None:
            return None
        return Scope(kind=self.scope_kind, id=self.scope_id)

    def principal(self, session_id: str | None = None) -> Principal:
        return principal_for(
            account_id=self.account_id,
            role=self.role,
            election_id=self.election_id,
            scope=self.scope,
            candidacy_id=self.candidacy_id,
            session_id=session_id,
        )

    def view(self, code_expires_at: datetime | None = None) -> AccountView:
        return AccountView(
            account_id=self.account_id,
            usuario=self.username,
            nombre=self.display_name,
            role=self.role,
            role_label=ROLE_LABEL[self.role],
            status=self.status,
            status_label=ACCOUNT_STATUS_LABEL[self.status],
            election_id=self.election_id,
            scope=self.scope,
            correo=self.email,
            telefono=self.phone,
            created_at=self.created_at,
            activated_at=self.activated_at,
            revoked_at=self.revoked_at,
            code_expires_at=code_expires_at,
        )


class ListedAccount(Account):
    """An account as a listing shows it: with when its live activation code expires."""

    code_expires_at: datetime | None


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts a listing shows; a field left None does not filter."""

    account_id: str | None = None
    election_id: str | None = None
    scope_kind: ScopeKind | None = None
    scope_id: str | None = None
    role: Role | None = None
    status: AccountStatus | None = None


ACCOUNT_COLUMNS = Account.columns()


async def insert_account(
    conn: Conn,
    *,
    account_id: str,
    username: str,
    display_name: str,
    role: Role,
    election_id: str | None,
    scope: Scope | None,
    candidacy_id: str | None,
    email: str | None,
    phone: str | None,
    created_by: str | None,
    created_at: datetime,
) -> None:
    """A new account is pending: nobody can sign in until its activation code is used."""
    await conn.execute(
        "INSERT INTO accounts (account_id, username, display_name, role, status, election_id, "
        "scope_kind, scope_id, candidacy_id, email, phone, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $12)",
        account_id,
        username,
        display_name,
        role.value,
        election_id,
        scope.kind.value if scope else None,
        scope.id if scope else None,
        candidacy_id,
        email,
        phone,
        created_by,
        created_at,
    )


async def account(conn: Conn, account_id: str, *, lock: bool = False) -> Account | None:
    suffix = " FOR UPDATE" if lock else ""
    return await Account.one(
        conn, f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE account_id = $1" + suffix, account_id
    )


async def named(conn: Conn, account_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Each known account's username and display name."""
    rows = await conn.fetch(
        "SELECT account_id, username, display_name FROM accounts WHERE account_id = ANY($1)",
        account_ids,
    )
    return {r["account_id"]: (r["username"], r["display_name"]) for r in rows}


async def account_by_username(conn: Conn, username: str) -> Account | None:
    return await Account.one(
        conn,
        f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = $1 FOR UPDATE",
        username.strip().lower(),
    )


async def usernames_starting(conn: Conn, base: str) -> set[str]:
    """``base`` and ``base-…`` (user names are [a-z0-9._-]: in byte order, "-" is the only
    one of those below "."), by a range of the byte-order index."""
    names: list[str] = [
        record["username"]
        for record in await conn.fetch(
            'SELECT username FROM accounts WHERE (username COLLATE "C") >= $1 '
            "AND (username COLLATE \"C\") < $1 || '.'",
            base,
        )
    ]
    return {name for name in names if name == base or name.startswith(base + "-")}


async def live_account_of_candidacy(conn: Conn, candidacy_id: str) -> Account | None:
    return await Account.one(
        conn,
        f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE candidacy_id = $1 "
        "AND role = ANY($2::text[]) AND status <> 'revoked'",
        candidacy_id,
        [Role.CANDIDATE.value, Role.INDEPENDENT.value],
    )


async def live_accounts_in_scope(conn: Conn, election_id: str, scope: Scope) -> list[Account]:
    return await Account.many(
        conn,
        f"SELECT {ACCOUNT_COLUMNS} FROM accounts "
        "WHERE election_id = $1 AND scope_kind = $2 AND scope_id = $3 "
        "AND status <> 'revoked' ORDER BY created_at, username",
        election_id,
        scope.kind.value,
        scope.id,
    )


async def live_account_counts(conn: Conn, election_id: str) -> dict[Scope, int]:
    """How many live accounts each party and independent of the election holds."""
    return {
        Scope(kind=ScopeKind(record["scope_kind"]), id=record["scope_id"]): int(record["n"])
        for record in await conn.fetch(
            "SELECT scope_kind, scope_id, count(*) AS n FROM accounts WHERE election_id = $1 "
            "AND status <> 'revoked' AND scope_kind IS NOT NULL GROUP BY scope_kind, scope_id",
            election_id,
        )
    }


async def list_accounts(conn: Conn, which: AccountFilter) -> list[ListedAccount]:
    clauses, args = [], []
    for field in fields(which):
        value = getattr(which, field.name)
        if value is not None:
            args.append(value)
            clauses.append(f"a.{field.name} = ${len(args)}")
    where = " AND ".join(clauses) or "true"
    return await ListedAccount.many(
        conn,
        f"SELECT {Account.columns('a')}, (SELECT max(expires_at) FROM activation_codes c "
        "WHERE c.account_id = a.account_id AND c.used_at IS NULL AND c.voided_at IS NULL) "
        f"AS code_expires_at FROM accounts a WHERE {where} "
        "ORDER BY a.created_at, a.username LIMIT 5000",
        *args,
    )


async def take_admins_lock(conn: Conn) -> None:
    """Serialise every change that could leave the institute without an active admin
    (revoking, reissuing, demoting, issuing the first admin): each counts the active
    admins after taking this lock, so two admins revoking each other cannot both win."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('accounts-admins'))")


async def active_admin_count(conn: Conn) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM accounts WHERE role = $1 AND status = 'active'",
            Role.ADMIN.value,
        )
    )


async def set_password(
    conn: Conn, account_id: str, password_hash: str, status: AccountStatus, now: datetime
) -> None:
    await conn.execute(
        "UPDATE accounts SET password_hash = $2, status = $3, "
        "activated_at = CASE WHEN $3 = 'active' THEN $4 ELSE activated_at END "
        "WHERE account_id = $1",
        account_id,
        password_hash,
        status.value,
        now,
    )


async def set_totp_secret(conn: Conn, account_id: str, sealed: bytes) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_secret = $2, totp_last_step = NULL WHERE account_id = $1",
        account_id,
        sealed,
    )


async def finish_enrolment(conn: Conn, account_id: str, step: int, now: datetime) -> None:
    await conn.execute(
        "UPDATE accounts SET status = 'active', activated_at = $3, totp_last_step = $2 "
        "WHERE account_id = $1",
        account_id,
        step,
        now,
    )


async def record_totp_step(conn: Conn, account_id: str, step: int) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_last_step = $2 WHERE account_id = $1", account_id, step
    )


async def revoke_account(conn: Conn, account_id: str, now: datetime) -> int:
    """Revoke; the new credential version kills every token of the old one."""
    return int(
        await conn.fetchval(
            "UPDATE accounts SET status = 'revoked', revoked_at = $2, "
            "credential_version = credential_version + 1 WHERE account_id = $1 "
            "RETURNING credential_version",
            account_id,
            now,
        )
    )


async def reset_credentials(conn: Conn, account_id: str) -> int:
    """Reissue: no password, no second factor, a new credential version (000 §3.6)."""
    return int(
        await conn.fetchval(
            "UPDATE accounts SET status = 'pending', password_hash = NULL, totp_secret = NULL, "
            "totp_last_step = NULL, activated_at = NULL, revoked_at = NULL, "
            "credential_version = credential_version + 1 WHERE account_id = $1 "
            "RETURNING credential_version",
            account_id,
        )
    )


async def change_role(conn: Conn, account_id: str, role: Role) -> int:
    return int(
        await conn.fetchval(
            "UPDATE accounts SET role = $2, credential_version = credential_version + 1 "
            "WHERE account_id = $1 RETURNING credential_version",
            account_id,
            role.value,
        )
    )
