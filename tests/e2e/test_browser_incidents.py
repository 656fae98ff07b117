"""The bitácora in a real browser: a capturist who hit an error reports it with the form,
support finds it in the bitácora with the failing request's trace, resolves it and reports
back, and the capturist reads the outcome. Every page passes axe's WCAG 2.1 AA checks and
fits a 390 px phone; screenshots are kept for a person to look at."""

import io
from pathlib import Path

import pytest
from aiohttp import web
from PIL import Image

from services.accounts.service import definition as accounts
from services.incidents.service import definition as incidents
from services.runtime.settings import Settings
from tests.support.accounts import (
    bearer,
    configure_election,
    issue_party,
    session_of,
    signed_in_admin,
    staff_session,
)
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(240)


async def broken(request: web.Request) -> web.Response:
    raise KeyError("campo")


async def test_a_capturist_reports_a_failure_and_support_resolves_it(
    fresh: Settings, tmp_path: Path
) -> None:
    async with (
        running(fresh, accounts, incidents),
        gateway_client(fresh, [web.get("/prueba/falla", broken)]) as client,
        chromium() as browser,
    ):
        admin, _ = await signed_in_admin(fresh, client)
        support = await staff_session(client, admin, "support")
        await configure_election(fresh, client, admin)
        capturist = await session_of(client, (await issue_party(client, admin, "pan"))["capturist"])

        mine = await (await browser.new_context(extra_http_headers=bearer(capturist))).new_page()
        failed = await mine.goto(str(client.make_url("/prueba/falla")))
        assert failed is not None and failed.status == 500
        await mine.goto(str(client.make_url("/avisos")))
        await mine.get_by_role("link", name="Reportes de falla").click()
        await mine.get_by_role("heading", name="Mis reportes de falla").wait_for()
        await mine.get_by_role("link", name="Reportar una falla").click()
        await mine.get_by_role("heading", name="Reportar una falla").wait_for()
        await assert_usable(mine)
        await mine.get_by_label("Módulo").select_option(label="Captura de cuestionarios")
        await mine.get_by_label("Tipo de anomalía").select_option(
            label="El sistema muestra un mensaje de error"
        )
        await mine.get_by_label("Qué falló").fill("Muy corto")
        await mine.get_by_role("button", name="Enviar el reporte").click()
        await mine.get_by_text("No se pudo completar").wait_for()  # under 10 characters
        assert await mine.get_by_label("Qué falló").input_value() == "Muy corto"  # kept
        await mine.get_by_label("Qué falló").fill(
            "Al abrir la captura sale «Ocurrió un error interno» y no puedo continuar."
        )
        screen = io.BytesIO()
        Image.new("RGB", (640, 360), "white").save(screen, "PNG")
        await mine.get_by_label("Capturas de pantalla (opcional)").set_input_files(
            files=[{"name": "captura.png", "mimeType": "image/png", "buffer": screen.getvalue()}]
        )
        await mine.get_by_role("button", name="Enviar el reporte").click()
        await mine.get_by_text("Se registró su reporte").wait_for()
        heading = await mine.get_by_role("heading", level=1).text_content()
        assert heading is not None and heading.startswith("Incidente INC-")
        folio = heading.removeprefix("Incidente ").strip()
        assert await mine.get_by_text("GET /prueba/falla").is_visible()
        assert await mine.get_by_role("link", name="Captura 1 (PNG").is_visible()
        await assert_usable(mine)
        await mine.screenshot(path=str(tmp_path / "reporte.png"), full_page=True)

        theirs = await (await browser.new_context(extra_http_headers=bearer(support))).new_page()
        await theirs.goto(str(client.make_url("/incidentes")))
        await theirs.get_by_role("heading", name="Bitácora de incidentes").wait_for()
        await assert_usable(theirs)
        await theirs.get_by_role("link", name=folio).click()
        trace_link = theirs.locator('a[href^="/consola/trazas/"]').first
        assert await trace_link.is_visible()
        await assert_usable(theirs)
        reporter = await theirs.locator("dt:text('Reportó') + dd").text_content()
        assert reporter is not None and "(" in reporter  # «usuario (nombre)», not an id
        await theirs.get_by_role("button", name="Tomar este incidente").click()
        await theirs.get_by_text("El incidente queda a su cargo.").wait_for()
        assigned = await theirs.locator("dt:text('Asignado a') + dd").text_content()
        assert assigned is not None and "support" in assigned
        await theirs.get_by_label("Resuelto", exact=True).check()
        await theirs.locator("#estado-note").fill("Se corrigió la pantalla de captura.")
        await theirs.get_by_role("button", name="Guardar el estado").click()
        await theirs.get_by_text("Se actualizó el estado del incidente").wait_for()
        await theirs.get_by_label("Resuelto e informado a quien lo reportó").check()
        await theirs.locator("#estado-note").fill("Se le informó por correo.")
        await theirs.get_by_role("button", name="Guardar el estado").click()
        await theirs.get_by_text("Se actualizó el estado del incidente").wait_for()
        await theirs.screenshot(path=str(tmp_path / "soporte.png"), full_page=True)

        await mine.reload()
        await mine.get_by_text("Resuelto e informado").first.wait_for()
        assert await mine.get_by_text("Se corrigió la pantalla de captura.").is_visible()
