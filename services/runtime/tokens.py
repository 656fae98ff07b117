"""Access tokens: short-lived EdDSA (Ed25519) JWTs that accounts signs and the gateway
verifies with the public keys accounts publishes (several at once while keys rotate).

The token carries the principal (account, role, election, scope), the session it belongs
to and the account's credential version, so that a revocation names what it kills.
"""

import base64
from collections.abc import Mapping
from datetime import datetime

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from contracts.requests import Principal

ALGORITHM = "EdDSA"
AUDIENCE = "conoceles"


class TokenRejected(Exception):
    """Expired, forged, malformed or signed by an unknown key."""


def issuer_for(instance: str) -> str:
    return f"conoceles/{instance}/cuentas"


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes_raw()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    padded = text + "=" * (-len(text) % 4)
    return Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(padded))


def sign_access_token(
    principal: Principal,
    *,
    credential_version: int,
    issuer: str,
    kid: str,
    key: Ed25519PrivateKey,
    now: datetime,
    expires_at: datetime,
) -> str:
    claims = {
        "iss": issuer,
        "aud": AUDIENCE,
        "sub": principal.account_id,
        "role": principal.role,
        "eid": principal.election_id,
        "pty": principal.party_id,
        "cnd": principal.candidacy_id,
        "sid": principal.session_id,
        "ver": credential_version,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})


class VerifiedToken:
    __slots__ = ("credential_version", "expires_at_s", "principal")

    def __init__(self, principal: Principal, credential_version: int, expires_at_s: int) -> None:
        self.principal = principal
        self.credential_version = credential_version
        self.expires_at_s = expires_at_s


def token_kid(token: str) -> str | None:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        raise TokenRejected from None
    return kid if isinstance(kid, str) else None


def verify_access_token(
    token: str, keys: Mapping[str, Ed25519PublicKey], *, issuer: str, kid: str | None = None
) -> VerifiedToken:
    """``kid``: the token's key id when the caller already read it from the header."""
    kid = kid or token_kid(token)
    key = keys.get(kid) if kid else None
    if key is None:
        raise TokenRejected
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=issuer,
            options={"require": ["exp", "iat", "sub", "sid", "ver"]},
        )
    except jwt.PyJWTError:
        raise TokenRejected from None
    principal = Principal(
        account_id=claims["sub"],
        role=claims["role"],
        election_id=claims.get("eid"),
        party_id=claims.get("pty"),
        candidacy_id=claims.get("cnd"),
        session_id=claims["sid"],
    )
    return VerifiedToken(principal, int(claims["ver"]), int(claims["exp"]))
