"""The analysis area in a real browser (004 §4.V, §45-48), as Tabasco's analyst uses it:
from the staff menu to /analisis, the report the timer made at the April cut-off and one
made on demand, each downloaded as PDF and CSV and read back, the curricular quality per
party, and the identity matrix downloaded without names. Every page passes axe's WCAG 2.1
AA checks."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.capture.steps import reporting
from services.gateway.sessions import ACCESS_COOKIE
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, pdf_text, session_of, staff_session
from tests.support.browser import assert_usable, chromium
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)

APRIL_CUTOFF = dt.datetime(2027, 5, 1, 6, 0, tzinfo=dt.UTC)


async def test_tabascos_analyst_downloads_the_progress_report_quality_and_matrix(
    fresh: Settings, tmp_path: Path
) -> None:
    async with (
        running(fresh, accounts, capture, moderation) as hosts,
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin = await election_under(client, fresh, "tabasco")
        issued = await issue_party(client, admin, "pan", ELECTION, supervisor=False)
        party_admin = await session_of(client, issued["party_admin"])
        made = await client.post(
            "/api/v1/subcuentas",
            headers=bearer(party_admin),
            json={"rol": "capturist", "nombre": "Captura PAN"},
        )
        capturist = await session_of(client, (await made.json())["accounts"][0])
        await capture_all(client, capturist, "F-PAN-1")
        assert (await submit(client, capturist, "F-PAN-1", True)).status == 200
        analyst = await staff_session(client, admin, "analyst")

        async def quality() -> list[dict[str, object]]:
            read = await client.get(
                f"/api/v1/elecciones/{ELECTION}/calidad-curricular", headers=bearer(analyst)
            )
            return list((await read.json()).get("parties", []))

        await eventually(quality, lambda parties: len(parties) > 0, what="moderation heard it")
        assert await reporting.make_due(hosts[1].deps, APRIL_CUTOFF + dt.timedelta(minutes=1))

        base = str(client.make_url("/"))
        context = await browser.new_context(accept_downloads=True)
        await context.add_cookies([{"name": ACCESS_COOKIE, "value": analyst, "url": base}])
        page = await context.new_page()
        await page.goto(base + "avisos")
        await page.get_by_role("link", name="Análisis").click()
        await page.get_by_role("heading", name="Análisis cualitativo y cuantitativo").wait_for()
        made_table = page.get_by_role("table", name="Informes elaborados, el más reciente primero")
        listed = await made_table.inner_text()
        assert "Informe periódico" in listed
        assert "30/04/2027 23:59 h" in listed  # the cut-off is the end of 30 April, not May 1
        await assert_usable(page)

        async with page.expect_download() as downloading:
            await page.get_by_role("link", name=re.compile(r"^Informe periódico.*en PDF$")).click()
        pdf = tmp_path / "informe.pdf"
        await (await downloading.value).save_as(pdf)
        text = pdf_text(pdf.read_bytes())
        assert "Informe periódico: avance en la captura de la información" in text
        assert "viernes 30 de abril de 2027, 23:59 h (hora del centro de México)" in text
        assert "Partido Acción Nacional" in text

        async with page.expect_download() as downloading:
            await page.get_by_role("link", name=re.compile(r"^Informe periódico.*en CSV$")).click()
        table = tmp_path / "informe.csv"
        await (await downloading.value).save_as(table)
        rows = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
        pan = next(
            r
            for r in rows
            if r["Postulante"] == "Partido Acción Nacional" and r["Cargo"] == "Todos los cargos"
        )
        assert pan["Enviadas"] == "2"  # both people of its formula, owner and alternate

        await page.get_by_role("button", name="Elaborar un informe ahora").click()
        await page.get_by_role("status").wait_for()
        assert "Se elaboró el informe de avance." in await page.get_by_role("status").inner_text()
        assert "Informe a petición" in await made_table.inner_text()
        await assert_usable(page)

        said = await page.get_by_role(
            "table", name="Calidad curricular por partido o candidatura independiente"
        ).inner_text()
        assert "Partido Acción Nacional" in said and "Cumplieron con la captura" in said
        async with page.expect_download() as downloading:
            await page.get_by_role(
                "link", name="Descargar la calidad curricular por partido (CSV)"
            ).click()
        quality_csv = tmp_path / "calidad.csv"
        await (await downloading.value).save_as(quality_csv)
        lines = list(csv.DictReader(io.StringIO(quality_csv.read_bytes().decode("utf-8-sig"))))
        assert any(
            line["Partido o candidatura independiente"] == "Partido Acción Nacional"
            for line in lines
        )

        async with page.expect_download() as downloading:
            await page.get_by_role("link", name="Descargar la matriz de datos (CSV)").click()
        matrix = tmp_path / "matriz.csv"
        await (await downloading.value).save_as(matrix)
        content = matrix.read_bytes().decode("utf-8-sig")
        assert content.startswith("cargo,postulante,sexo,edad")
        assert "María" not in content and "F-PAN-1" not in content
        await page.screenshot(path=tmp_path / "analisis.png", full_page=True)
