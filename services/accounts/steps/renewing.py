"""Renewing a session with its refresh token, each token used once.

A used token presented again means it was copied: the whole session is revoked (reuse
detection), and that revocation commits before the refusal, so ``renew`` runs its own
transaction.
"""

from datetime import datetime

from contracts.accounts import SESSIONS_REVOKED, AccountStatus, Refresh, Session, SessionsRevoked
from contracts.activity import Outcome
from contracts.envelope import Actor, utc_now
from services.accounts.domain.codes import secret_hash
from services.accounts.steps.minting import tokens_for
from services.accounts.steps.recording import Origin, account_target
from services.accounts.store import accounts, sessions
from services.accounts.store.sessions import RefreshedSession
from services.runtime.connections import Connection
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps


class SessionEnded(Exception):
    """The session expired or was revoked, or its account's credentials changed."""


class RefreshReused(Exception):
    """The refresh token had been used: the session was revoked for safety."""


async def renew(deps: ServiceDeps, origin: Origin, form: Refresh) -> Session:
    token_hash = secret_hash(form.refresh_token)
    async with deps.pool.acquire() as conn, conn.transaction():
        now = utc_now()
        found = await sessions.refresh_token(conn, token_hash)
        if found is None or found.revoked_at is not None or found.expires_at <= now:
            raise SessionEnded
        if found.used_at is None:
            account = await accounts.account(conn, found.account_id)
            if (
                account is None
                or account.status is not AccountStatus.ACTIVE
                or account.credential_version != found.credential_version
            ):
                raise SessionEnded
            await sessions.use_refresh_token(conn, token_hash, now)
            return await tokens_for(
                conn,
                deps.settings,
                account,
                session_id=found.session_id,
                session_expires_at=found.expires_at,
                now=now,
            )
        await _revoke_reused(conn, deps.outbox, origin, found, now)
    raise RefreshReused


async def _revoke_reused(
    conn: Connection,
    outbox: Outbox,
    origin: Origin,
    found: RefreshedSession,
    now: datetime,
) -> None:
    """A used refresh token came back: someone holds a copy. The session dies."""
    await sessions.revoke_session(conn, found.session_id, "refresh token reused", now)
    await outbox.add(
        conn,
        SESSIONS_REVOKED,
        SessionsRevoked(account_id=found.account_id, session_ids=(found.session_id,)),
        actor=Actor.system(outbox.producer),
        subject_id=found.account_id,
    )
    await origin.acting_as(None).record(
        conn,
        outbox,
        "session.refresh_reused",
        outcome=Outcome.DENIED,
        target=account_target(found.account_id),
        detail={"sesion": found.session_id},
    )
