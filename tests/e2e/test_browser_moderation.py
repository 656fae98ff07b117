"""Moderation in a real browser (DESIGN §5, 000 §4.5): a verifier opens the queue, sees
the flagged submission with its evidence marked in place and the photo beside it,
disables one field citing a prohibition and a reason; the party's supervisor reads the
reason in the inbox and on the observations page. Every page passes axe's WCAG 2.1 AA
checks and fits a 390 px phone."""

from pathlib import Path

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.sessions import ACCESS_COOKIE
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium
from tests.support.capture import TEXT
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import notices_of, validated_candidacy
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
SLOGAN = TEXT + " Este 2 de junio vota por nosotros y marca la boleta."
REASON = "La propuesta termina con un llamado al voto, que el artículo 18 prohíbe."


async def test_a_verifier_disables_a_flagged_field_and_the_supervisor_reads_why(
    fresh: Settings, tmp_path: Path
) -> None:
    async with (
        running(fresh, accounts, capture, moderation),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        people = await validated_candidacy(client, fresh, curricular={"propuesta_2": SLOGAN})
        base = str(client.make_url("/"))

        verifier = await browser.new_context()
        await verifier.add_cookies(
            [{"name": ACCESS_COOKIE, "value": people["verifier"], "url": base}]
        )
        page = await verifier.new_page()
        await page.goto(base + "moderacion")
        await assert_usable(page)
        await page.screenshot(path=tmp_path / "cola.png", full_page=True)
        row = await page.locator("table tbody tr").first.inner_text()
        assert "Léxico" in row and "Pendiente" in row
        await page.locator("table").get_by_role("link").first.click()
        await page.get_by_role("heading", name="Lo que se publicaría").wait_for()
        evidence = page.locator("mark", has_text="vota por")
        await evidence.wait_for()
        assert "Llamado al voto" in (await evidence.get_attribute("title") or "")
        signals = await page.locator(
            "section", has=page.get_by_role("heading", name="Señales")
        ).inner_text()
        assert "Segunda de sus dos principales propuestas" in signals
        await page.get_by_role("img", name="Fotografía que se publicaría").wait_for()
        await assert_usable(page)
        await page.screenshot(path=tmp_path / "revision.png", full_page=True)

        await page.get_by_label("Qué deshabilitar").select_option(
            label="Segunda de sus dos principales propuestas"
        )
        await page.get_by_label("Prohibición que infringe").select_option("lemas_campana")
        await page.get_by_label("Motivo").fill(REASON)
        await page.get_by_role("button", name="Deshabilitar la publicación").click()
        await page.get_by_role("status").get_by_text("Se deshabilitó la publicación").wait_for()
        assert "(publicación deshabilitada)" in await page.inner_text("main")
        history = await page.locator(".historial").inner_text()
        assert REASON in history and "vigente" in history
        await assert_usable(page)

        await eventually(
            lambda: notices_of(client, people["supervisor"]),
            lambda notices: any("Observación" in n["subject"] for n in notices),
            what="the supervisor is told",
        )
        supervisor = await browser.new_context()
        await supervisor.add_cookies(
            [{"name": ACCESS_COOKIE, "value": people["supervisor"], "url": base}]
        )
        inbox = await supervisor.new_page()
        await inbox.goto(base + "avisos")
        assert REASON in await inbox.inner_text("main")
        await inbox.get_by_role("link", name="Observaciones").click()
        await inbox.get_by_role("heading", name="Observaciones del Instituto").wait_for()
        shown = await inbox.inner_text("main")
        assert REASON in shown and "Lemas, llamados al voto" in shown
        await assert_usable(inbox)
        await inbox.screenshot(path=tmp_path / "observaciones.png", full_page=True)
