"""Rows of the accounts schema as the contracts show them (views, principals, and the
target an activity entry names)."""

import asyncpg

from contracts.accounts import AccountStatus, AccountView, Notice, Scope, ScopeKind
from contracts.activity import ActivityTarget
from contracts.requests import Principal
from contracts.roles import Role


def account_view(row: asyncpg.Record) -> AccountView:
    scope = (
        Scope(kind=ScopeKind(row["scope_kind"]), id=row["scope_id"]) if row["scope_kind"] else None
    )
    return AccountView(
        account_id=row["account_id"],
        usuario=row["username"],
        nombre=row["display_name"],
        role=Role(row["role"]),
        status=AccountStatus(row["status"]),
        election_id=row["election_id"],
        scope=scope,
        correo=row["email"],
        telefono=row["phone"],
        created_at=row["created_at"],
        activated_at=row["activated_at"],
        revoked_at=row["revoked_at"],
        code_expires_at=row.get("code_expires_at"),
    )


def principal_of(row: asyncpg.Record, session_id: str | None = None) -> Principal:
    """The principal a signed-in account acts as: a candidate reaches only its candidacy."""
    role = Role(row["role"])
    party = row["scope_id"] if row["scope_kind"] == ScopeKind.PARTY.value else None
    own_candidacy = row["candidacy_id"]
    if row["scope_kind"] == ScopeKind.INDEPENDENT.value:
        own_candidacy = row["scope_id"]
    return Principal(
        account_id=row["account_id"],
        role=role,
        election_id=row["election_id"],
        party_id=None if role == Role.CANDIDATE else party,
        candidacy_id=own_candidacy,
        session_id=session_id,
    )


def notice_view(row: asyncpg.Record) -> Notice:
    return Notice(
        notice_id=row["notice_id"],
        subject=row["subject"],
        body=row["body"],
        created_at=row["created_at"],
        read_at=row["read_at"],
    )


def account_target(account_id: str) -> ActivityTarget:
    return ActivityTarget(kind="account", id=account_id)
