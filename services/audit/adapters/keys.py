"""The key that signs the log's checkpoints, and the log's name.

Every replica must sign with the same key, so it comes from settings
(``CONOCELES_AUDIT_SIGNING_KEY``: base64 of a 32-byte Ed25519 seed). Without one, a key
is derived from ``CONOCELES_ROLE_SECRET`` so that a local or test deployment works out of
the box; a real deployment sets its own and publishes the verifier key.
"""

from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.signed_notes import verifier_key
from services.runtime.secret_keys import secret_key
from services.runtime.settings import Settings


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
    seed = secret_key(
        settings,
        configured=settings.audit_signing_key,
        env_name="CONOCELES_AUDIT_SIGNING_KEY",
        purpose="audit-signing-key",
    )
    return LogSigner(origin=origin, key=Ed25519PrivateKey.from_private_bytes(seed))
