"""Signing in through the gateway as a benchmark's people do: the first admin with its
second factor, each party's capturist; the token they send."""

import time
from typing import Any

import aiohttp
import pyotp

from services.accounts.bootstrap import ensure_first_admin
from services.runtime.settings import Settings

PASSWORD = "caballo correcto batería grapa 7"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def answer(response: aiohttp.ClientResponse) -> Any:
    """A successful answer's JSON; a failed one stops the benchmark with its text."""
    assert response.status < 400, await response.text()
    return await response.json()


async def admin_token(http: aiohttp.ClientSession, settings: Settings) -> str:
    first = await ensure_first_admin(settings)
    assert first is not None
    body = {"codigo": first.codigo, "contrasena": PASSWORD, "confirmacion": PASSWORD}
    async with http.post("/api/v1/activacion", json=body) as r:
        enrolment = (await answer(r))["totp"]
    totp = pyotp.TOTP(enrolment["secret"])
    confirm = {"ticket": enrolment["ticket"], "codigo_totp": totp.now()}
    async with http.post("/api/v1/activacion/segundo-factor", json=confirm):
        pass
    code = totp.at(time.time() + totp.interval)
    sign_in = {"usuario": first.usuario, "contrasena": PASSWORD, "codigo_totp": code}
    async with http.post("/api/v1/sesion", json=sign_in) as r:
        return str((await answer(r))["access_token"])


async def capturist_tokens(
    http: aiohttp.ClientSession, admin: str, election: str, parties: list[str]
) -> dict[str, str]:
    """Each party's capture account activated and signed in: its access token."""
    tokens = {}
    for party in parties:
        scope = {"election_id": election, "scope": {"kind": "party", "id": party}}
        async with http.post("/api/v1/cuentas/ambito", headers=bearer(admin), json=scope) as r:
            capturist = next(a for a in (await answer(r))["accounts"] if a["role"] == "capturist")
        body = {"codigo": capturist["codigo"], "contrasena": PASSWORD, "confirmacion": PASSWORD}
        async with http.post("/api/v1/activacion", json=body) as r:
            await answer(r)
        async with http.post(
            "/api/v1/sesion", json={"usuario": capturist["usuario"], "contrasena": PASSWORD}
        ) as r:
            tokens[party] = (await answer(r))["access_token"]
    return tokens
