"""The key that signs the log's checkpoints, and the log's name.

Every replica must sign with the same key, so it comes from settings
(``CONOCELES_AUDIT_SIGNING_KEY``: base64 of a 32-byte Ed25519 seed). Without one, a key
is derived from ``CONOCELES_ROLE_SECRET`` so that a local or test deployment works out of
the box; a real deployment sets its own and publishes the verifier key.
"""

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.checkpoint import verifier_key
from services.runtime.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogSigner:
    origin: str
    key: Ed25519PrivateKey

    @property
    def verifier_key(self) -> str:
        return verifier_key(self.origin, self.key.public_key())


@lru_cache(maxsize=8)
def signer_for(settings: Settings) -> LogSigner:
    origin = settings.audit_origin or f"conoceles/{settings.instance}/bitacora-de-actividad"
    if settings.audit_signing_key:
        seed = base64.b64decode(settings.audit_signing_key, validate=True)
        if len(seed) != 32:
            raise ValueError("CONOCELES_AUDIT_SIGNING_KEY must be base64 of 32 bytes")
    else:
        log.warning("checkpoints are signed with a key derived from role_secret (development)")
        seed = hmac.new(
            settings.role_secret.encode(), b"audit-signing-key", hashlib.sha256
        ).digest()
    return LogSigner(origin=origin, key=Ed25519PrivateKey.from_private_bytes(seed))
