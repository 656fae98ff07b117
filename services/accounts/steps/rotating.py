"""Rotating the keys that sign access tokens: one current key, a new one every few weeks.

A retired key stays published for one access-token lifetime, so tokens it signed keep
verifying until they expire; gateways fetch the published keys when they meet a new
``kid``. The private key rests sealed (adapters/sealing.py).
"""

from datetime import datetime, timedelta

from contracts.accounts import TokenKey, TokenKeys
from services.accounts.adapters.token_signing import SigningKey, new_key, opened_key, public_text
from services.accounts.store import signing_keys
from services.runtime.connections import Connection
from services.runtime.settings import Settings
from services.runtime.tokens import issuer_for


async def signing_key(conn: Connection, settings: Settings, now: datetime) -> SigningKey:
    """The current key; a new one when there is none or it is older than the rotation."""
    stored = await signing_keys.current_signing_key(conn)
    max_age = timedelta(days=settings.signing_key_rotation_days)
    if stored is None or now - stored.created_at > max_age:
        async with conn.transaction():
            await signing_keys.take_key_lock(conn)
            stored = await signing_keys.current_signing_key(conn)
            if stored is None or now - stored.created_at > max_age:
                return await rotate(conn, settings, now)
    return opened_key(settings, stored.kid, stored.private_sealed)


async def rotate(conn: Connection, settings: Settings, now: datetime) -> SigningKey:
    made = new_key(settings, now)
    await signing_keys.insert_signing_key(conn, made.key.kid, made.private_sealed, made.public, now)
    return made.key


async def published(conn: Connection, settings: Settings, now: datetime) -> TokenKeys:
    await signing_key(conn, settings, now)
    horizon = now - timedelta(seconds=settings.access_token_ttl_s + 60)
    return TokenKeys(
        issuer=issuer_for(settings.instance),
        keys=[
            TokenKey(
                kid=key.kid,
                public_key=public_text(key.public_key),
                retired=key.retired_at is not None,
            )
            for key in await signing_keys.published_keys(conn, horizon)
        ],
    )
