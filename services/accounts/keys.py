"""The keys that sign access tokens: one current key, rotated every few weeks.

A retired key stays published for one access-token lifetime, so tokens it signed keep
verifying until they expire; gateways fetch the published keys when they meet a new
``kid``. The private key rests sealed (sealing.py).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from contracts.accounts import TokenKey, TokenKeys
from services.accounts import store
from services.accounts.sealing import sealer_for
from services.runtime.settings import Settings
from services.runtime.tokens import issuer_for, public_key_text

KEY_PURPOSE = "token-signing-key"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    key: Ed25519PrivateKey


async def signing_key(conn: asyncpg.Connection, settings: Settings, now: datetime) -> SigningKey:
    """The current key; a new one when there is none or it is older than the rotation."""
    row = await store.current_signing_key(conn)
    max_age = timedelta(days=settings.signing_key_rotation_days)
    if row is None or now - row["created_at"] > max_age:
        async with conn.transaction():
            await store.take_key_lock(conn)
            row = await store.current_signing_key(conn)
            if row is None or now - row["created_at"] > max_age:
                return await rotate(conn, settings, now)
    private = sealer_for(settings).open(row["private_sealed"], purpose=KEY_PURPOSE)
    return SigningKey(row["kid"], Ed25519PrivateKey.from_private_bytes(private))


async def rotate(conn: asyncpg.Connection, settings: Settings, now: datetime) -> SigningKey:
    key = Ed25519PrivateKey.generate()
    kid = now.strftime("%Y%m%d") + "-" + secrets.token_hex(4)
    sealed = sealer_for(settings).seal(key.private_bytes_raw(), purpose=KEY_PURPOSE)
    await store.insert_signing_key(conn, kid, sealed, key.public_key().public_bytes_raw(), now)
    return SigningKey(kid, key)


async def published(conn: asyncpg.Connection, settings: Settings, now: datetime) -> TokenKeys:
    await signing_key(conn, settings, now)
    horizon = now - timedelta(seconds=settings.access_token_ttl_s + 60)
    rows = await store.published_keys(conn, horizon)
    return TokenKeys(
        issuer=issuer_for(settings.instance),
        keys=[
            TokenKey(
                kid=row["kid"],
                public_key=public_key_text(Ed25519PublicKey.from_public_bytes(row["public_key"])),
                retired=row["retired_at"] is not None,
            )
            for row in rows
        ],
    )
