"""An institute behind one address (NAT): someone's failures with other user names do not
keep a colleague out, the address limit is a setting, and a second factor left halfway
does not burn the activation code."""

from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.runtime.settings import Settings
from tests.support.accounts import (
    STRONG_PASSWORD,
    activate,
    bearer,
    next_totp,
    sign_in,
    signed_in_admin,
    totp_now,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)


async def issue(client: Any, admin: str, role: str, user: str) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/cuentas/personal",
        headers=bearer(admin),
        json={"rol": role, "nombre": f"Cuenta {user}", "usuario": user},
    )
    assert response.status == 200, await response.text()
    return dict((await response.json())["accounts"][0])


async def guess_from_this_address(client: Any, times: int) -> list[int]:
    return [
        (await sign_in(client, f"usuario.{n}", password="adivinando 123456")).status
        for n in range(times)
    ]


def flood_allowed(settings: Settings, **more: object) -> Settings:
    """This gateway's own flood limit out of the way: the accounts service's lockout is
    what is under test."""
    return settings.model_copy(update={"sign_in_per_minute": 1000, **more})


async def test_a_colleague_signs_in_and_another_activates_while_the_address_is_locked(
    fresh: Settings,
) -> None:
    settings = flood_allowed(fresh)
    async with running(settings, accounts), gateway_client(settings) as client:
        admin, _ = await signed_in_admin(settings, client)
        colleague = await issue(client, admin, "ine", "ine.colega")
        await activate(client, colleague["codigo"])
        assert (await sign_in(client, "ine.colega")).status == 200
        newcomer = await issue(client, admin, "ine", "ine.nueva")

        statuses = await guess_from_this_address(client, 25)
        assert statuses[-1] == 429  # the address is locked for unknown user names

        assert (await sign_in(client, "ine.colega")).status == 200
        await activate(client, newcomer["codigo"])
        assert (await sign_in(client, "ine.nueva")).status == 200
        assert (await sign_in(client, "usuario.99", password="adivinando 123456")).status == 429


async def test_the_address_limit_is_a_setting(fresh: Settings) -> None:
    settings = flood_allowed(fresh, sign_in_address_free_failures=40)
    async with running(settings, accounts), gateway_client(settings) as client:
        assert set(await guess_from_this_address(client, 30)) == {401}


async def test_a_second_factor_left_halfway_can_be_resumed_with_the_same_code(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        verifier = await issue(client, admin, "verifier", "verificacion.ana")
        first_try = await activate(client, verifier["codigo"])
        assert first_try["totp"] is not None  # and the person closes the page here

        again = await activate(client, verifier["codigo"])
        secret = again["totp"]["secret"]
        assert secret != first_try["totp"]["secret"]
        stale = await client.post(
            "/api/v1/activacion/segundo-factor",
            json={
                "ticket": first_try["totp"]["ticket"],
                "codigo_totp": totp_now(first_try["totp"]["secret"]),
            },
        )
        assert stale.status == 404
        confirmed = await client.post(
            "/api/v1/activacion/segundo-factor",
            json={"ticket": again["totp"]["ticket"], "codigo_totp": totp_now(secret)},
        )
        assert confirmed.status == 204, await confirmed.text()
        assert (await sign_in(client, "verificacion.ana", next_totp(secret))).status == 200

        used = await client.post(
            "/api/v1/activacion",
            json={
                "codigo": verifier["codigo"],
                "contrasena": STRONG_PASSWORD,
                "confirmacion": STRONG_PASSWORD,
            },
        )
        assert used.status == 404  # enrolled: the code is spent now


async def test_the_holder_hears_of_a_new_account_and_of_its_lockout_by_mail(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={
                "rol": "analyst",
                "nombre": "Ana Ruiz",
                "usuario": "ana.ruiz",
                "correo": "ana.ruiz@instituto.mx",
            },
        )
        assert issued.status == 200, await issued.text()
        code = (await issued.json())["accounts"][0]["codigo"]
        await activate(client, code)
        tries = [
            (await sign_in(client, "ana.ruiz", password="equivocada 123456")).status
            for _ in range(6)
        ]
        assert tries == [401] * 5 + [429]
        listed = await (await client.get("/api/v1/cuentas", headers=bearer(admin))).json()
        [ana] = [a for a in listed["accounts"] if a["usuario"] == "ana.ruiz"]
        assert (ana["role"], ana["role_label"]) == ("analyst", "Análisis")  # code and words
        assert (ana["status"], ana["status_label"]) == ("enrolling", "Falta el segundo factor")

        mailbox = await (await client.get("/api/v1/correo-local", headers=bearer(admin))).json()
        told = [
            m
            for m in mailbox["messages"]
            if m["to"] == "ana.ruiz@instituto.mx" and "bloqueó" in m["subject"]
        ]
        assert len(told) == 1  # the first lock of the series, not every refused attempt
        assert "5 intentos" in told[0]["body"] and "ana.ruiz" in told[0]["body"]
        assert "UTC" not in told[0]["body"]
        [welcome] = [m for m in mailbox["messages"] if m["subject"].startswith("Se le emitió")]
        assert welcome["to"] == "ana.ruiz@instituto.mx" and "«ana.ruiz»" in welcome["body"]
        assert code not in welcome["body"]  # the code never travels by e-mail
