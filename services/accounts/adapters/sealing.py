"""Secrets kept at rest in the accounts schema, sealed with AES-GCM.

TOTP secrets, activation codes waiting to be printed and token signing keys are sealed
with one key from settings (``CONOCELES_ACCOUNTS_SECRET_KEY``), so a copy of the
database alone reveals none of them. Without that setting a key is derived from
``role_secret`` (development only).
"""

import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.runtime.secret_keys import secret_key
from services.runtime.settings import Settings

NONCE_BYTES = 12
# What each sealed secret is for: the purpose is bound to it (AES-GCM's associated data),
# so a secret sealed for one purpose never opens as another.
CODE_PURPOSE = "activation-code"
TOTP_PURPOSE = "totp-secret"
KEY_PURPOSE = "token-signing-key"


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plain: bytes, *, purpose: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, purpose.encode())

    def open(self, sealed: bytes, *, purpose: str) -> bytes:
        return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], purpose.encode())


@lru_cache(maxsize=8)
def sealer_for(settings: Settings) -> Sealer:
    return Sealer(
        secret_key(
            settings,
            configured=settings.accounts_secret_key,
            env_name="CONOCELES_ACCOUNTS_SECRET_KEY",
            purpose="accounts-sealing-key",
        )
    )
