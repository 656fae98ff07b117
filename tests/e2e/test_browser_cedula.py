"""The Cédula de Evaluación in a real browser, as the institute's verifier uses it: from
the staff menu to an election's results, one candidacy's Cédula with the automatic marks
shown as such, the verifier's boxes ticked and saved, and the Cédulas of a party
downloaded as Excel and CSV and read back. Every page passes axe's WCAG 2.1 AA checks and
fits a 390 px phone."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.sessions import ACCESS_COOKIE
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of, staff_session
from tests.support.browser import assert_usable, chromium, on_a_phone
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)


async def test_the_verifier_scores_a_cedula_and_the_partys_cedulas_download(
    fresh: Settings, tmp_path: Path
) -> None:
    async with (
        running(fresh, accounts, capture, moderation),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin = await election_under(client, fresh, "estado-de-mexico")
        issued = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, issued["capturist"])
        supervisor = await session_of(client, issued["supervisor"])
        await capture_all(client, capturist, "F-PAN-1")
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        done = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert done.status == 200, await done.text()
        verifier = await staff_session(client, admin, "verifier")

        async def known() -> int:
            cedula = "/api/v1/candidaturas/F-PAN-1/cedula"
            return (await client.get(cedula, headers=bearer(verifier))).status

        await eventually(known, lambda status: status == 200, what="moderation heard it")

        base = str(client.make_url("/"))
        context = await browser.new_context(accept_downloads=True)
        await context.add_cookies([{"name": ACCESS_COOKIE, "value": verifier, "url": base}])
        page = await context.new_page()
        await page.goto(base + "avisos")
        await page.get_by_role("link", name="Cédula de Evaluación").click()
        await page.get_by_role("heading", name="Cédula de Evaluación", level=1).wait_for()
        await assert_usable(page)

        await page.get_by_role("link", name="Proceso Electoral").first.click()
        await page.get_by_role("table", name="Resultados por partido").wait_for()
        await assert_usable(page)
        await page.get_by_role("link", name="Partido Acción Nacional").first.click()
        await page.get_by_role(
            "table", name="Cédula de cada candidatura validada, por nombre"
        ).wait_for()
        owner = page.get_by_role("table", name="Cédula de cada candidatura validada, por nombre")
        assert "Pendiente: 12 por calificar" in await owner.inner_text()
        await owner.get_by_role("link").first.click()

        await page.get_by_role("heading", name="Propuesta Género").wait_for()
        said = " ".join((await page.locator("main").inner_text()).split())
        assert "Fotografía cargada (3 puntos): Cumple — automática." in said
        assert "23 de 49" in said  # photo, contact, grade, five texts; no courses
        assert "Diputación local de mayoría relativa" in said and "Partido Acción Nacional" in said
        await assert_usable(page)
        for box in await page.get_by_role("checkbox").all():
            await box.check()
        await page.get_by_role("checkbox", name="Viable y original cumple").first.uncheck()
        await page.get_by_role("button", name="Guardar la calificación").click()
        status = page.get_by_role("status")
        await status.wait_for()
        assert "Puntuación: 45 de 49 (91.84\xa0%)" in await status.inner_text()
        await assert_usable(page)
        async with on_a_phone(page):
            await page.screenshot(path=tmp_path / "cedula-telefono.png", full_page=True)

        await page.get_by_role("link", name="Volver a los resultados").click()
        results = page.get_by_role("table", name="Resultados por partido")
        assert "91.84\xa0%" in await results.inner_text()
        await page.screenshot(path=tmp_path / "resultados.png", full_page=True)
        async with page.expect_download() as downloading:
            await page.get_by_role(
                "link", name="Cédulas de Partido Acción Nacional en Excel (XLSX)"
            ).click()
        excel = tmp_path / "cedula.xlsx"
        await (await downloading.value).save_as(excel)
        sheet = openpyxl.load_workbook(excel).active
        assert sheet is not None
        heading, *people = [list(r) for r in sheet.iter_rows(values_only=True)]
        whose = heading.index("Propietaria o suplente")
        lines = {r[whose]: dict(zip(heading, r, strict=True)) for r in people}
        assert set(lines) == {"Propietaria", "Suplente"}  # a Cédula per person (004 §46)
        line = lines["Propietaria"]
        assert (line["Clave"], line["Total (de 49)"], line["Estado"]) == ("F-PAN-1", 45, "Completa")
        assert line["Propuesta 1: Viable y original"] == "No cumple"

        async with page.expect_download() as downloading:
            await page.get_by_role("link", name="Cédulas de Partido Acción Nacional en CSV").click()
        plain = tmp_path / "cedula.csv"
        await (await downloading.value).save_as(plain)
        rows = list(csv.reader(io.StringIO(plain.read_bytes().decode("utf-8-sig"))))
        assert [row[0] for row in rows[1:]] == ["F-PAN-1", "F-PAN-1"]  # owner and alternate
