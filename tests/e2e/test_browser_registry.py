"""The registry import in a real browser, as the institute's admin does it: download the
Excel template from the import page, fill it in, import it and read what was registered;
import more of it as Excel in Spanish saves a CSV (Windows-1252, semicolons, a title
row) and read what was interpreted; import a wrong file and
read every problem by line and column. Every page passes axe's WCAG 2.1 AA checks and fits
a 390 px phone."""

from pathlib import Path

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.sessions import ACCESS_COOKIE
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import LABELS, as_csv, demo_rows, filled_template, prepared

pytestmark = pytest.mark.timeout(180)


async def test_the_admin_fills_the_template_imports_it_and_reads_the_report(
    fresh: Settings, tmp_path: Path
) -> None:
    async with (
        running(fresh, accounts, capture),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin = await prepared(client, fresh)
        base = str(client.make_url("/"))
        context = await browser.new_context(accept_downloads=True)
        await context.add_cookies([{"name": ACCESS_COOKIE, "value": admin, "url": base}])
        page = await context.new_page()
        await page.goto(base + "consola/registro")
        await assert_usable(page)

        async with page.expect_download() as downloading:
            await page.get_by_role("link", name="Excel (XLSX)").first.click()
        template = tmp_path / "plantilla.xlsx"
        await (await downloading.value).save_as(template)
        mine = tmp_path / "registro-llenado.xlsx"
        mine.write_bytes(filled_template(template.read_bytes()))

        await page.get_by_label("Formato del archivo").select_option("xlsx")
        await page.get_by_label("Archivo del registro").set_input_files(mine)
        await page.get_by_role("button", name="Importar el registro").click()
        report = page.get_by_role("status")
        await report.get_by_role("heading", name="Registro importado").wait_for()
        assert "Registradas por primera vez 2" in " ".join((await report.inner_text()).split())
        await assert_usable(page)
        await page.screenshot(path=tmp_path / "importado.png", full_page=True)

        # the independent and MC's formula: seats the template's formulas left free
        more = [row for row in demo_rows() if row["clave"] in ("F-IND-1", "F-MC-1")]
        excel = tmp_path / "registro-excel.csv"
        title = [["Registro de candidaturas aprobadas"], []]
        excel.write_bytes(
            as_csv(more, headings=LABELS, encoding="cp1252", delimiter=";", above=title)
        )
        await page.get_by_label("Formato del archivo").select_option("csv")
        await page.get_by_label("Archivo del registro").set_input_files(excel)
        await page.get_by_role("button", name="Importar el registro").click()
        interpreted = page.get_by_role("heading", name="Lo que se interpretó al leer el archivo")
        await interpreted.wait_for()
        said = await page.get_by_role("status").inner_text()
        assert "Registradas por primera vez 2" in " ".join(said.split())
        assert "Windows-1252" in said and "punto y coma" in said and "línea 3" in said
        await assert_usable(page)

        rows = [dict(row) for row in more]
        rows[0]["nombres"] = ""
        rows[1]["fecha_nacimiento"] = "31/02/1980"
        wrong = tmp_path / "registro-con-errores.csv"
        wrong.write_bytes(as_csv(rows))
        await page.get_by_label("Archivo del registro").set_input_files(wrong)
        await page.get_by_role("button", name="Importar el registro").click()
        table = page.get_by_role("table", name="2 problemas del archivo")
        await table.wait_for()
        rows_shown = " | ".join((await table.inner_text()).split("\n"))
        assert "Nombre(s)" in rows_shown and "Este campo es obligatorio." in rows_shown
        assert "no existe en el calendario" in rows_shown
        await assert_usable(page)
        await page.screenshot(path=tmp_path / "problemas.png", full_page=True)
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.screenshot(path=tmp_path / "problemas-telefono.png", full_page=True)
