"""Destructive actions of the accounts console ask first, without JavaScript: the button
leads to a page that says what will happen, and only its second POST acts."""

import re

import pytest

from services.accounts.service import definition as accounts
from services.runtime.settings import Settings
from tests.support.browser_session import read, signed_in_admin_page, submit, texts
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)


def action_of(console: str, user: str, verb: str) -> str:
    found = re.search(
        rf"<code>{re.escape(user)}</code>.*?action=\"(/consola/cuentas/[^\"]+/{verb})\"",
        console,
        re.S,
    )
    assert found is not None, f"no {verb} form for {user}"
    return found.group(1)


def row_of(console: str, user: str) -> str:
    found = re.search(rf"<code>{re.escape(user)}</code>.*?</tr>", console, re.S)
    assert found is not None
    return found.group(0)


async def test_revoking_and_reissuing_ask_for_confirmation_and_change_nothing_until_then(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        await signed_in_admin_page(fresh, client)
        issued = await submit(
            client,
            "/consola/cuentas/personal",
            {"rol": "ine", "nombre": "Consumo INE", "usuario": "ine.consumo"},
        )
        assert issued.status == 200
        _, console = await read(client, "/consola/cuentas")
        revoke = action_of(console, "ine.consumo", "revocar")
        reissue = action_of(console, "ine.consumo", "reemitir")

        asked = await submit(client, revoke, {})
        assert asked.status == 200
        page = await asked.text()
        assert "¿Revocar la cuenta?" in page and "ine.consumo" in page
        assert "sus sesiones terminan de inmediato" in page
        assert 'name="confirmar"' in page and 'href="/consola/cuentas"' in page
        status, by_link = await read(client, revoke)
        assert status == 200 and "¿Revocar la cuenta?" in by_link
        _, console = await read(client, "/consola/cuentas")
        assert "Revocada el" not in row_of(console, "ine.consumo")

        asked = await submit(client, reissue, {})
        assert asked.status == 200
        page = await asked.text()
        assert "¿Reemitir las credenciales?" in page and texts(page, "codigo") == []
        _, console = await read(client, "/consola/cuentas")
        assert "Pendiente de activar" in row_of(console, "ine.consumo")  # same code as before

        reissued = await submit(client, reissue, {"confirmar": "si"})
        assert reissued.status == 200
        [code] = texts(await reissued.text(), "codigo")
        assert code and code != texts(await issued.text(), "codigo")[0]

        revoked = await submit(client, revoke, {"confirmar": "si"})
        assert revoked.status == 303
        _, console = await read(client, revoked.headers["Location"])
        assert "Se revocó la cuenta" in console
        assert "Revocada el" in row_of(console, "ine.consumo")


async def test_the_last_admin_cannot_revoke_itself_from_the_console(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        await signed_in_admin_page(fresh, client)
        _, console = await read(client, "/consola/cuentas")
        revoke = action_of(console, "admin", "revocar")

        refused = await submit(client, revoke, {"confirmar": "si"})
        assert refused.status == 409
        assert "última cuenta de administración activa" in await refused.text()
        status, console = await read(client, "/consola/cuentas")
        assert status == 200 and "Revocada el" not in row_of(console, "admin")
