"""The supervisor's warning in a browser (Zacatecas, 002 §II.B.1.II): from the candidacy's
page, a form without a field chosen is refused beside the form, in Spanish; with fields
and a note it goes out, and the party's capture reads it in its notices. Each page passes
axe's WCAG 2.1 AA checks."""

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import issue_party, session_of
from tests.support.browser import assert_usable, chromium
from tests.support.capture import ELECTION, election_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)


async def test_the_supervisor_warns_the_party_capture_from_the_candidacy_page(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin = await election_under(client, fresh, "zacatecas")
        pan = await issue_party(client, admin, "pan", ELECTION)
        supervisor = await session_of(client, pan["supervisor"])
        capturist = await session_of(client, pan["capturist"])
        base = str(client.make_url("/"))

        context = await browser.new_context()
        cookie = {"name": "conoceles_acceso", "value": supervisor, "url": base}
        await context.add_cookies([cookie])
        page = await context.new_page()
        await page.goto(base + "captura/F-PAN-1")
        section = page.get_by_role("region", name="Advertir a la captura del partido")
        await section.get_by_text("Elegir los campos y escribir la advertencia").click()
        await section.get_by_role("button", name="Enviar la advertencia").click()
        assert await page.get_by_text("No se pudo", exact=False).first.is_visible()
        await assert_usable(page)

        section = page.get_by_role("region", name="Advertir a la captura del partido")
        await section.get_by_label("Primera de sus dos principales propuestas").check()
        await section.get_by_label("Nota para la captura").fill("Menciona a otro partido.")
        await section.get_by_role("button", name="Enviar la advertencia").click()
        assert await page.get_by_role("status").inner_text() == (
            "Se envió la advertencia: la captura del partido y la cuenta de la candidatura la "
            "reciben en sus avisos."
        )
        await assert_usable(page)

        told = await browser.new_context()
        await told.add_cookies([{**cookie, "value": capturist}])
        inbox = await told.new_page()

        async def warned() -> str:
            await inbox.goto(base + "avisos")
            return await inbox.content()

        await eventually(
            warned, lambda html: "Advertencia de la supervisión" in html, what="capture warned"
        )
        assert "Menciona a otro partido." in await inbox.content()
        await assert_usable(inbox)
