"""The accounts issue's done-when, in a real browser: an admin activates with a QR-code
second factor, issues a party's accounts, downloads the receipt and records delivery;
the party's supervisor activates (no second factor), signs in and sees an empty inbox;
the admin revokes it after a confirmation page; every page passes axe's WCAG 2.1 AA
checks; every step is in the activity log."""

import pyotp
import pytest
from playwright.async_api import Page

from contracts.audit import EntrySearch
from services.accounts.bootstrap import ensure_first_admin
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import STRONG_PASSWORD, audit_search, configure_election, next_totp
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


async def activate(page: Page, base: str, code: str) -> None:
    await page.goto(base + "activar")
    await assert_usable(page)
    await page.get_by_label("Código de activación").fill(code)
    await page.get_by_label("Contraseña nueva").fill(STRONG_PASSWORD)
    await page.get_by_label("Confirme la contraseña").fill(STRONG_PASSWORD)
    await page.get_by_role("button", name="Activar").click()


async def test_the_accounts_done_when_in_a_browser(fresh: Settings) -> None:
    async with (
        running(fresh, accounts, audit),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        base = str(client.make_url("/"))
        first = await ensure_first_admin(fresh)
        assert first is not None
        admin_page = await (await browser.new_context(accept_downloads=True)).new_page()
        await admin_page.goto(base)  # the portal
        await assert_usable(admin_page)

        await activate(admin_page, base, first.codigo)
        await admin_page.get_by_role("heading", name="Configure el segundo factor").wait_for()
        assert await admin_page.locator("svg").count() >= 1  # the QR code
        secret = await admin_page.locator("code.secreto").inner_text()
        await assert_usable(admin_page)
        await admin_page.get_by_label("Código de verificación").fill(pyotp.TOTP(secret).now())
        await admin_page.get_by_role("button", name="Confirmar").click()

        await admin_page.goto(base + "entrar")
        await admin_page.get_by_label("Usuario").fill(first.usuario)
        await admin_page.get_by_label("Contraseña").fill(STRONG_PASSWORD)
        await admin_page.get_by_label("Código de verificación").fill(next_totp(secret))
        await admin_page.get_by_role("button", name="Entrar").click()
        await admin_page.get_by_role("heading", name="Consola de cuentas").wait_for()

        token = await _admin_token(admin_page)
        await configure_election(fresh, client, token)
        await admin_page.reload()
        await assert_usable(admin_page)

        issue = admin_page.locator("#emitir-party-pan")
        await issue.get_by_label("Nombre completo").fill("Lucía Peña Ibáñez")
        await issue.get_by_label("Correo electrónico").fill("lucia@pan.mx")
        await issue.get_by_role("button").click()
        await admin_page.get_by_role("heading", name="Cuentas emitidas").wait_for()
        await assert_usable(admin_page)
        rows = admin_page.locator("tbody tr")
        codes = {
            await rows.nth(i).locator("th code").inner_text(): await rows.nth(i)
            .locator("code.codigo")
            .inner_text()
            for i in range(await rows.count())
        }
        supervisor_user = next(user for user in codes if "supervision" in user)

        async with admin_page.expect_download() as download_info:
            await admin_page.get_by_role("link", name="Descargar el acuse de entrega (PDF)").click()
        download = await download_info.value
        assert download.suggested_filename == "acuse-pan.pdf"

        await admin_page.get_by_role("link", name="Volver a la consola").click()
        deliver = admin_page.locator("#entrega-party-pan")
        await deliver.get_by_role("button").click()
        await admin_page.get_by_role("heading", name="Consola de cuentas").wait_for()
        assert "Entregada" in await admin_page.locator("#ambito-party-pan").inner_text()

        supervisor_page = await (await browser.new_context()).new_page()
        await activate(supervisor_page, base, codes[supervisor_user])
        await supervisor_page.get_by_role("heading", name="Cuenta activada").wait_for()
        await assert_usable(supervisor_page)
        await supervisor_page.get_by_role("link", name="Iniciar sesión").click()
        await assert_usable(supervisor_page)
        await supervisor_page.get_by_label("Usuario").fill(supervisor_user)
        await supervisor_page.get_by_label("Contraseña").fill(STRONG_PASSWORD)
        await supervisor_page.get_by_role("button", name="Entrar").click()
        await supervisor_page.get_by_text("No tiene avisos.").wait_for()
        await assert_usable(supervisor_page)

        await admin_page.goto(base + "consola/cuentas")
        await admin_page.get_by_role("button", name=f"Revocar la cuenta {supervisor_user}").click()
        await admin_page.get_by_role("heading", name="¿Revocar la cuenta?").wait_for()
        await assert_usable(admin_page)
        await admin_page.get_by_role("button", name="Sí, revocar la cuenta").click()
        await admin_page.get_by_text("Se revocó la cuenta; sus sesiones terminaron.").wait_for()

        wanted = {
            "account.activate",
            "account.totp_enrolled",
            "session.sign_in",
            "account.issue",
            "accounts.print_receipt",
            "accounts.record_delivery",
            "account.revoke",
        }

        async def actions() -> set[str]:
            page = await audit_search(fresh, EntrySearch(servicio="accounts", por_pagina=500))
            return {entry["action"] for entry in page["entries"]}

        await eventually(actions, lambda seen: wanted <= seen, what="every step logged")


async def _admin_token(page: Page) -> str:
    """The admin's access token from the browser's cookie, for the test's own setup call
    (capture's election events need the admin only to watch them arrive)."""
    cookies = await page.context.cookies()
    return next(c["value"] for c in cookies if c["name"] == "conoceles_acceso")
