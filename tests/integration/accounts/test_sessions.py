"""Sessions an attacker cannot walk through: lockout, one generic error, refresh-token
reuse revoking the session, revocation and reissue refused everywhere at once."""

from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import (
    activate,
    bearer,
    sign_in,
    signed_in_admin,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def issue_analyst(client: Any, admin: str, user: str) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/cuentas/personal",
        headers=bearer(admin),
        json={"rol": "ine", "nombre": "Consumo INE", "usuario": user},
    )
    assert response.status == 200, await response.text()
    return dict((await response.json())["accounts"][0])


async def test_every_failed_sign_in_gets_the_same_answer(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        ine = await issue_analyst(client, admin, "ine.consumo")
        await activate(client, ine["codigo"])
        wrong_password = await sign_in(client, "ine.consumo", password="no es la contraseña")
        no_such_user = await sign_in(client, "nadie.existe")
        admin_without_totp = await sign_in(client, "admin")
        bodies = [await r.json() for r in (wrong_password, no_such_user, admin_without_totp)]
        assert {r.status for r in (wrong_password, no_such_user, admin_without_totp)} == {401}
        assert len({b["detail"] for b in bodies}) == 1


async def test_repeated_failures_lock_the_user_name_even_with_the_right_password(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        ine = await issue_analyst(client, admin, "ine.feed")
        await activate(client, ine["codigo"])
        for _ in range(5):
            assert (await sign_in(client, "ine.feed", password="adivinando 123456")).status == 401
        locked = await sign_in(client, "ine.feed")  # the right password, too late
        assert locked.status == 429
        assert "intentos fallidos" in (await locked.json())["detail"]


async def test_a_reused_refresh_token_revokes_the_session_everywhere(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        ine = await issue_analyst(client, admin, "ine.espejo")
        await activate(client, ine["codigo"])
        first = await (await sign_in(client, "ine.espejo")).json()
        assert "refresh_token" in first, first
        renewed = await client.post(
            "/api/v1/sesion/renovacion", json={"refresh_token": first["refresh_token"]}
        )
        assert renewed.status == 200
        second = await renewed.json()
        assert second["refresh_token"] != first["refresh_token"]

        stolen = await client.post(
            "/api/v1/sesion/renovacion", json={"refresh_token": first["refresh_token"]}
        )
        assert stolen.status == 401
        after = await client.post(
            "/api/v1/sesion/renovacion", json={"refresh_token": second["refresh_token"]}
        )
        assert after.status == 401  # the whole session died, the rightful copy too

        async def inbox_status() -> int:
            response = await client.get("/api/v1/avisos", headers=bearer(second["access_token"]))
            return response.status

        await eventually(inbox_status, lambda s: s == 401, what="access token refused")


async def test_a_reissued_account_loses_its_sessions_at_once(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        ine = await issue_analyst(client, admin, "ine.perdida")
        await activate(client, ine["codigo"])
        session = await (await sign_in(client, "ine.perdida")).json()
        token = session["access_token"]
        assert (await client.get("/api/v1/avisos", headers=bearer(token))).status == 200

        reissued = await client.post(
            f"/api/v1/cuentas/{ine['account_id']}/reemision", headers=bearer(admin)
        )
        assert reissued.status == 200
        new_code = (await reissued.json())["accounts"][0]["codigo"]

        async def status() -> int:
            return (await client.get("/api/v1/avisos", headers=bearer(token))).status

        await eventually(status, lambda s: s == 401, what="old token refused")
        assert (await sign_in(client, "ine.perdida")).status == 401  # old password gone
        await activate(client, new_code)
        assert (await sign_in(client, "ine.perdida")).status == 200


async def test_signing_out_ends_the_session(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        out = await client.delete("/api/v1/sesion", headers=bearer(admin))
        assert out.status == 204

        async def status() -> int:
            return (await client.get("/api/v1/avisos", headers=bearer(admin))).status

        await eventually(status, lambda s: s == 401, what="signed-out token refused")


async def test_a_forged_token_is_refused(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        head, payload, signature = admin.split(".")
        forged = f"{head}.{payload}.{signature[:-4]}AAAA"
        response = await client.get("/api/v1/avisos", headers=bearer(forged))
        assert response.status == 401
        assert response.content_type == "application/problem+json"


async def test_one_address_guessing_many_user_names_is_locked_out(fresh: Settings) -> None:
    """The accounts service's lockout per address, across gateway replicas (this gateway's
    own flood limit raised out of the way)."""
    settings = fresh.model_copy(update={"sign_in_per_minute": 1000})
    async with running(settings, accounts), gateway_client(settings) as client:
        answers = [
            await sign_in(client, f"usuario.{n}", password="adivinando 123456") for n in range(21)
        ]
        assert [a.status for a in answers] == [401] * 20 + [429]
        assert "intentos fallidos" in (await answers[20].json())["detail"]


async def test_the_gateway_slows_sign_in_floods_from_one_address(fresh: Settings) -> None:
    limited = fresh.model_copy(update={"sign_in_per_minute": 3})
    async with running(limited, accounts), gateway_client(limited) as client:
        statuses = [(await sign_in(client, "nadie")).status for _ in range(4)]
        assert statuses == [401, 401, 401, 429]
