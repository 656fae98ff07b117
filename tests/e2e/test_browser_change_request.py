"""A change request's course in a real browser, under Nuevo León (the institute applies
the text, 000 §5.4): the supervisor files it from the candidacy's page naming one field
and its new text; the admin finds it in the list with its due, edits the text and
approves; the request shows applied, and the supervisor reads the notices. Every page
passes axe's WCAG 2.1 AA checks, at the browser's width and on a 390 px phone."""

from typing import Any

import pytest
from playwright.async_api import Browser, Page

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.browser import assert_usable, chromium
from tests.support.capture import path
from tests.support.change_requests import (
    NEW_PROPOSAL,
    moderation_knows_validated,
    notice,
    validated_under,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
OWNER = "María Fernanda Ávila Núñez"
ADMINS_TEXT = NEW_PROPOSAL.replace("computadoras", "computadoras portátiles")


async def page_as(browser: Browser, base: str, token: str) -> Page:
    context = await browser.new_context()
    await context.add_cookies([{"name": "conoceles_acceso", "value": token, "url": base}])
    return await context.new_page()


async def test_a_change_request_runs_its_course_in_a_browser(fresh: Settings) -> None:
    async with (
        running(fresh, accounts, capture, moderation),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        base = str(client.make_url("/"))
        people: dict[str, Any] = await validated_under(client, fresh, "nuevo-leon")
        await moderation_knows_validated(fresh, "F-PAN-1")

        party = await page_as(browser, base, people["supervisor"])
        await party.goto(f"{base}captura/F-PAN-1")
        await party.get_by_role(
            "link", name="Solicitar un cambio a la información validada"
        ).click()
        await party.get_by_role("heading", name=f"Solicitud de cambio: {OWNER}").wait_for()
        await assert_usable(party)
        await party.locator("#campo-propuesta_2").check()
        await party.locator("#texto-propuesta_2").fill(NEW_PROPOSAL)
        await party.get_by_label("Por qué se pide el cambio (opcional)").fill("Errata.")
        await party.get_by_role("button", name="Presentar la solicitud de cambio").click()
        await party.get_by_text("Se presentó la solicitud de cambio").wait_for()
        await party.get_by_text("Pendiente de decisión").wait_for()
        await assert_usable(party)
        await party.goto(f"{base}captura/F-PAN-1/solicitud-cambio")  # once: it shows the first
        await party.get_by_text("Pendiente de decisión").wait_for()

        admin = await page_as(browser, base, people["admin"])
        await admin.goto(f"{base}moderacion/solicitudes")
        await admin.get_by_role("columnheader", name="Vence").wait_for()
        await assert_usable(admin)
        await admin.get_by_role("link", name=OWNER).click()
        await admin.get_by_role("heading", name="Aprobar").wait_for()
        await assert_usable(admin)
        await admin.get_by_label("Segunda de sus dos principales propuestas").fill(ADMINS_TEXT)
        await admin.get_by_role("button", name="Aprobar la solicitud").click()
        await admin.get_by_text("Se aprobó la solicitud").wait_for()

        async def state() -> str:
            await admin.reload()
            return await admin.locator("dl.datos").inner_text()

        await eventually(state, lambda text: "Aplicada" in text, what="applied")
        await admin.get_by_text("Texto aprobado por el Instituto").wait_for()
        await assert_usable(admin)

        saved = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(people["admin"]))
        ).json()
        assert saved["respuestas"]["propuesta_2"] == ADMINS_TEXT.strip()
        await notice(client, people["supervisor"], "Se aplicó la solicitud de cambio")
        await party.goto(f"{base}avisos")
        await party.get_by_text("Se aplicó la solicitud de cambio").first.wait_for()
        await assert_usable(party)
