"""Secrets handed to people: activation codes and enrolment tickets.

An activation code carries about 99 bits of entropy in 20 characters of an alphabet without
look-alikes (no 0/O, 1/I/L), printed in groups of four; it is typed once. Only its
SHA-256 is looked up (a high-entropy secret needs no slow hash).
"""

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols: 20 of them ≈ 99 bits
CODE_LENGTH = 20
GROUP = 4


def new_activation_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalized_code(typed: str) -> str:
    """What the person typed, without spaces or dashes, in upper case."""
    kept = "".join(ch for ch in typed.upper() if ch.isalnum())
    return "-".join(kept[i : i + GROUP] for i in range(0, len(kept), GROUP))


def secret_hash(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def new_token() -> str:
    """A bearer secret (refresh token, enrolment ticket): 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)
