"""The 32-byte keys services keep secrets with: from settings, or derived for development.

A real deployment sets each key (base64 of 32 bytes) so that every replica uses the same
one; without it a key is derived from ``CONOCELES_ROLE_SECRET`` and the purpose, so that
a local or test deployment works out of the box.
"""

import base64
import hashlib
import hmac
import logging

from services.runtime.settings import Settings

log = logging.getLogger(__name__)


def secret_key(settings: Settings, *, configured: str | None, env_name: str, purpose: str) -> bytes:
    if configured:
        key = base64.b64decode(configured, validate=True)
        if len(key) != 32:
            raise ValueError(f"{env_name} must be base64 of 32 bytes")
        return key
    log.warning("%s is not set: using a key derived from role_secret (development)", env_name)
    return hmac.new(settings.role_secret.encode(), purpose.encode(), hashlib.sha256).digest()
