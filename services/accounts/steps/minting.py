"""Minting a session's tokens: an access token for minutes and a refresh token that
rotates, each refresh token used once and its successor of the same session."""

from datetime import datetime, timedelta

from contracts.accounts import Session
from contracts.envelope import new_event_id
from services.accounts.domain.codes import new_token, secret_hash
from services.accounts.steps.rotating import signing_key
from services.accounts.store import sessions
from services.accounts.store.accounts import Account
from services.runtime.connections import Connection
from services.runtime.settings import Settings
from services.runtime.tokens import issuer_for, sign_access_token


async def tokens_for(
    conn: Connection,
    settings: Settings,
    account: Account,
    *,
    session_id: str,
    session_expires_at: datetime,
    now: datetime,
) -> Session:
    refresh = new_token()
    await sessions.insert_refresh_token(conn, secret_hash(refresh), session_id, now)
    key = await signing_key(conn, settings, now)
    access_expires_at = min(
        now + timedelta(seconds=settings.access_token_ttl_s), session_expires_at
    )
    access = sign_access_token(
        account.principal(session_id),
        credential_version=account.credential_version,
        issuer=issuer_for(settings.instance),
        kid=key.kid,
        key=key.key,
        now=now,
        expires_at=access_expires_at,
    )
    return Session(
        session_id=session_id,
        access_token=access,
        access_expires_at=access_expires_at,
        refresh_token=refresh,
        refresh_expires_at=session_expires_at,
        account=account.view(),
    )


async def open_session(
    conn: Connection,
    settings: Settings,
    account: Account,
    *,
    client_address: str | None,
    now: datetime,
) -> Session:
    session_id = str(new_event_id())
    expires_at = now + timedelta(seconds=settings.session_ttl_s)
    await sessions.insert_session(
        conn,
        session_id=session_id,
        account_id=account.account_id,
        credential_version=account.credential_version,
        created_at=now,
        expires_at=expires_at,
        client_address=client_address,
    )
    return await tokens_for(
        conn, settings, account, session_id=session_id, session_expires_at=expires_at, now=now
    )
