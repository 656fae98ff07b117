"""The Ed25519 keys that sign access tokens: made, sealed for rest and opened again
(sealing.py), and their public halves as the gateways read them."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from services.accounts.adapters.sealing import KEY_PURPOSE, sealer_for
from services.runtime.settings import Settings
from services.runtime.tokens import public_key_text


@dataclass(frozen=True)
class SigningKey:
    kid: str
    key: Ed25519PrivateKey


@dataclass(frozen=True)
class SealedKey:
    """A new key as it rests: its private half sealed, its public half in the clear."""

    key: SigningKey
    private_sealed: bytes
    public: bytes


def new_key(settings: Settings, now: datetime) -> SealedKey:
    key = Ed25519PrivateKey.generate()
    kid = now.strftime("%Y%m%d") + "-" + secrets.token_hex(4)
    sealed = sealer_for(settings).seal(key.private_bytes_raw(), purpose=KEY_PURPOSE)
    return SealedKey(SigningKey(kid, key), sealed, key.public_key().public_bytes_raw())


def opened_key(settings: Settings, kid: str, private_sealed: bytes) -> SigningKey:
    private = sealer_for(settings).open(private_sealed, purpose=KEY_PURPOSE)
    return SigningKey(kid, Ed25519PrivateKey.from_private_bytes(private))


def public_text(public: bytes) -> str:
    """The public key as a JWK's 'x' (base64url)."""
    return public_key_text(Ed25519PublicKey.from_public_bytes(public))
