"""Second factor for staff: TOTP (RFC 6238) with enrolment by QR code.

A code is accepted once: the time step it matched is kept, and a code of that step or
an earlier one is refused, so a code seen over someone's shoulder cannot be replayed.
"""

import io

import pyotp
import segno

ISSUER = "Conóceles"
VALID_WINDOW = 1  # one step either side: clocks drift


class CodeMismatch(Exception):
    """The code typed is not the one the authenticator app shows now."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, user_name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user_name, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="Código QR"
    )
    return out.getvalue().decode()


def matched_step(secret: str, code: str, *, now_s: float, last_step: int | None) -> int | None:
    """The time step ``code`` matches, if it is valid now and newer than ``last_step``."""
    typed = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(secret)
    current = int(now_s // totp.interval)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), typed):
            return step
    return None
