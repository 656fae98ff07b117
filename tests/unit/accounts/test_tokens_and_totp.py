"""Access tokens and second factors, without servers."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.requests import Principal
from services.accounts.domain.codes import new_activation_code, normalized_code
from services.accounts.domain.totp import matched_step
from services.runtime.tokens import TokenRejected, sign_access_token, verify_access_token

PRINCIPAL = Principal(account_id="a1", role="supervisor", party_id="pan", session_id="s1")


def token(key: Ed25519PrivateKey, *, kid: str = "k1", minutes: int = 10) -> str:
    now = datetime.now(UTC)
    return sign_access_token(
        PRINCIPAL,
        credential_version=3,
        issuer="iss",
        kid=kid,
        key=key,
        now=now,
        expires_at=now + timedelta(minutes=minutes),
    )


def test_a_token_carries_the_principal_and_its_credential_version() -> None:
    key = Ed25519PrivateKey.generate()
    verified = verify_access_token(token(key), {"k1": key.public_key()}, issuer="iss")
    assert verified.principal == PRINCIPAL
    assert verified.credential_version == 3


@pytest.mark.parametrize("case", ["expired", "unknown key", "other issuer", "other key"])
def test_bad_tokens_are_rejected(case: str) -> None:
    key = Ed25519PrivateKey.generate()
    keys = {"k1": key.public_key()}
    issuer = "iss"
    if case == "expired":
        text = token(key, minutes=-1)
    elif case == "unknown key":
        text = token(key, kid="k2")
    elif case == "other issuer":
        text, issuer = token(key), "otro"
    else:
        text, keys = token(key), {"k1": Ed25519PrivateKey.generate().public_key()}
    with pytest.raises(TokenRejected):
        verify_access_token(text, keys, issuer=issuer)


def test_a_totp_code_is_accepted_once() -> None:
    secret = pyotp.random_base32()
    now = 1_800_000_000.0
    code = pyotp.TOTP(secret).at(now)
    step = matched_step(secret, code, now_s=now, last_step=None)
    assert step is not None
    assert matched_step(secret, code, now_s=now, last_step=step) is None
    assert (
        matched_step(secret, "000000" if code != "000000" else "111111", now_s=now, last_step=None)
        is None
    )


def test_activation_codes_are_typed_forgivingly() -> None:
    code = new_activation_code()
    assert len(code) == 24 and code.count("-") == 4
    assert normalized_code(code.lower().replace("-", " ")) == code


async def test_the_gateway_refuses_a_token_it_verified_before_once_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from services.gateway import auth
    from services.runtime.settings import Settings

    key = Ed25519PrivateKey.generate()
    authenticator = auth.Authenticator(Settings(), services=None)  # type: ignore[arg-type]
    authenticator._keys = {"k1": key.public_key()}
    authenticator._issuer = "iss"
    text = token(key, minutes=5)
    assert await authenticator.verify(text) == PRINCIPAL
    later = datetime.now(UTC).timestamp() + 6 * 60
    monkeypatch.setattr(auth.time, "time", lambda: later)
    with pytest.raises(TokenRejected):
        await authenticator.verify(text)
