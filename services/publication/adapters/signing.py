"""The institute's Ed25519 publication key, and the signature of each profile event
(contracts/events/publication.py): over the RFC 8785 canonical JSON of every field of
the event but ``signature``, so that INE verifies it with the served public key whatever
its JSON library does with spaces or key order.

Every replica must sign with the same key, so it comes from settings
(``CONOCELES_PUBLICATION_SIGNING_KEY``: base64 of a 32-byte Ed25519 seed); without one, a
key is derived from ``CONOCELES_ROLE_SECRET`` so that a local or test deployment works
out of the box (as services/audit/adapters/keys.py does).
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from services.runtime.secret_keys import secret_key
from services.runtime.settings import Settings

SIGNATURE_FIELD = "signature"


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def signed_bytes(data: dict[str, Any]) -> bytes:
    """The canonical JSON of every field but the signature."""
    return rfc8785.dumps({k: v for k, v in data.items() if k != SIGNATURE_FIELD})


@dataclass(frozen=True)
class PublicationSigner:
    key: Ed25519PrivateKey

    @property
    def key_id(self) -> str:
        """The key's fingerprint: the first 16 hex digits of the raw public key's SHA-256."""
        return hashlib.sha256(_raw(self.key.public_key())).hexdigest()[:16]

    def public_key_base64(self) -> str:
        return base64.b64encode(_raw(self.key.public_key())).decode("ascii")

    def sign(self, data: dict[str, Any]) -> str:
        """Base64 signature of ``data`` (its ``signature`` field, if any, left out)."""
        return base64.b64encode(self.key.sign(signed_bytes(data))).decode("ascii")


@lru_cache(maxsize=8)
def publication_signer(settings: Settings) -> PublicationSigner:
    seed = secret_key(
        settings,
        configured=settings.publication_signing_key,
        env_name="CONOCELES_PUBLICATION_SIGNING_KEY",
        purpose="publication-signing-key",
    )
    return PublicationSigner(Ed25519PrivateKey.from_private_bytes(seed))


def verify(public_key_base64: str, data_with_signature: dict[str, Any]) -> bool:
    """Whether ``data_with_signature['signature']`` signs the rest of it with this key."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_base64, validate=True))
        signature = base64.b64decode(str(data_with_signature[SIGNATURE_FIELD]), validate=True)
        key.verify(signature, signed_bytes(data_with_signature))
    except (KeyError, ValueError, binascii.Error, InvalidSignature):
        return False
    return True
