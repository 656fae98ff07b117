"""Consent verified under Nuevo León in a real browser, as the institute's verifier does
it: the consent queue, the signed document beside the candidacy's name, the document
opened, a rejection without a reason refused on the page, then the verification; the
authorisation, published review and completeness pages too. Every page passes axe's
WCAG 2.1 AA checks and fits a 390 px phone."""

from pathlib import Path

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.sessions import ACCESS_COOKIE
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of, staff_session
from tests.support.browser import assert_usable, chromium
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import upload_consent
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
OWNER = "María Fernanda Ávila Núñez"


async def test_the_verifier_verifies_a_consent_under_nuevo_leon(
    fresh: Settings, tmp_path: Path
) -> None:
    async with (
        running(fresh, accounts, capture, moderation),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, pan["capturist"])
        supervisor = await session_of(client, pan["supervisor"])
        await capture_all(client, capturist, "F-PAN-1")
        await upload_consent(client, capturist, "F-PAN-1")
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()
        verifier = await staff_session(client, admin, "verifier")

        async def queued() -> list[str]:
            response = await client.get(
                f"/api/v1/elecciones/{ELECTION}/consentimientos", headers=bearer(verifier)
            )
            return [item["candidacy_id"] for item in (await response.json())["pending"]]

        await eventually(queued, lambda ids: ids == ["F-PAN-1"], what="the consent queued")

        base = str(client.make_url("/"))
        context = await browser.new_context(accept_downloads=True)
        await context.add_cookies([{"name": ACCESS_COOKIE, "value": verifier, "url": base}])
        page = await context.new_page()
        await page.goto(base + "avisos")
        await page.get_by_role("link", name="Seguimiento").click()
        await page.get_by_role("heading", name="Consentimientos por verificar").wait_for()
        await assert_usable(page)

        await page.get_by_role("link", name=OWNER).click()
        await page.get_by_role("heading", name=f"Consentimiento de {OWNER}").wait_for()
        await assert_usable(page)
        opened = await context.request.get(base + "moderacion/consentimientos/F-PAN-1/documento")
        assert opened.ok and opened.headers["content-type"] == "application/pdf"
        async with page.expect_download() as downloading:
            await page.get_by_role("link", name="Abrir el documento firmado (PDF)").click()
        assert (await downloading.value).suggested_filename.endswith(".pdf")

        await page.get_by_role("button", name="Rechazar el documento").click()
        await page.get_by_role("alert").wait_for()
        assert "Revise los campos" in await page.get_by_role("alert").inner_text()
        await assert_usable(page)

        await page.get_by_role("button", name="Verificar el consentimiento").click()
        done = page.get_by_role("status")
        await done.wait_for()
        assert "Se verificó el consentimiento" in await done.inner_text()
        assert "No hay documentos pendientes" in await page.inner_text("main")
        decided = page.get_by_role("table", name="Documentos decididos")
        assert "Verificado" in await decided.inner_text()
        await assert_usable(page)
        await page.screenshot(path=tmp_path / "verificado.png", full_page=True)

        for link, heading in (
            ("Autorizaciones", "Autorización de la publicación"),
            ("Verificación de lo publicado", "Revisión de lo publicado"),
            ("Completitud de la captura", "Completitud de la captura"),
        ):
            await page.get_by_role("link", name=link).click()
            await page.get_by_role("heading", name=heading, exact=True).wait_for()
            await assert_usable(page)
        await page.get_by_role("button", name="Avisar al enlace").first.click()
        assert "Se envió el aviso" in await page.get_by_role("status").inner_text()
        await assert_usable(page)
