"""The candidacy registry's template, downloaded by the admin from the API and from the
import page: the election's lists in the Excel file, the header alone in the CSV, and
nobody else may have it."""

import csv
import html
import io
import re
from typing import Any

import openpyxl
import pytest

from contracts.capture import REGISTRY_COLUMN_LABELS
from services.accounts.service import definition as accounts
from services.capture.demo import demo_config
from services.capture.domain.registry_rows import COLUMNS
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of, signed_in_admin
from tests.support.browser_session import csrf_token, read, signed_in_admin_page
from tests.support.capture import election_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import filled_template

pytestmark = pytest.mark.timeout(120)
ELECTION = demo_config().election_id
TEMPLATE = f"/api/v1/elecciones/{ELECTION}/registro/plantilla"
LABELS = [REGISTRY_COLUMN_LABELS[column] for column in COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def configured(client: Any, settings: Settings) -> str:
    """The demo election, configured by the first admin, signed in now."""
    admin, _ = await signed_in_admin(settings, client)
    config = demo_config().model_dump(mode="json")
    assert (await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)).ok
    return admin


async def test_the_admin_downloads_the_template_in_excel_and_in_csv(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await configured(client, fresh)
        excel = await client.get(TEMPLATE, params={"formato": "xlsx"}, headers=bearer(admin))
        assert excel.status == 200, await excel.text()
        assert excel.content_type == XLSX
        assert f"plantilla-registro-{ELECTION}.xlsx" in excel.headers["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(await excel.read()))
        assert book.sheetnames == ["Instrucciones", "Registro", "Listas"]
        assert [cell.value for cell in book["Registro"][1]] == LABELS
        assert "Diputación local de mayoría relativa" in [c.value for c in book["Listas"]["A"]]

        plain = await client.get(TEMPLATE, params={"formato": "csv"}, headers=bearer(admin))
        assert plain.status == 200 and plain.content_type == "text/csv"
        text = (await plain.read()).decode("utf-8-sig")
        assert list(csv.reader(io.StringIO(text))) == [LABELS]

        json = await client.get(TEMPLATE, params={"formato": "json"}, headers=bearer(admin))
        assert json.status == 422
        assert "CSV o Excel" in (await json.json())["detail"]
        unknown = await client.get(
            "/api/v1/elecciones/otra/registro/plantilla",
            params={"formato": "xlsx"},
            headers=bearer(admin),
        )
        assert unknown.status == 404


async def test_a_party_and_an_anonymous_caller_are_refused_the_template(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "estado-de-mexico")
        supervisor = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["supervisor"]
        )
        refused = await client.get(TEMPLATE, params={"formato": "xlsx"}, headers=bearer(supervisor))
        assert refused.status == 403
        assert "Solo la administración" in (await refused.json())["detail"]
        page = await client.get(
            "/consola/registro/plantilla",
            params={"election_id": ELECTION, "formato": "xlsx"},
            headers=bearer(supervisor),
        )
        assert page.status == 403 and page.content_type == "text/html"
        anonymous = await client.get(TEMPLATE, params={"formato": "csv"})
        assert anonymous.status == 401


async def test_the_import_page_links_each_elections_template(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        await signed_in_admin_page(fresh, client)  # a browser's session, in cookies
        config = demo_config().model_dump(mode="json")
        csrf = {"X-CSRF-Token": await csrf_token(client)}
        assert (await client.post("/api/v1/elecciones", json=config, headers=csrf)).ok
        status, page = await read(client, "/consola/registro")
        assert status == 200
        assert '<h2 id="plantilla">Plantilla</h2>' in page
        links = {
            html.unescape(href)
            for href in re.findall(r'href="(/consola/registro/plantilla\?[^"]+)"', page)
        }
        assert links == {
            f"/consola/registro/plantilla?election_id={ELECTION}&formato=xlsx",
            f"/consola/registro/plantilla?election_id={ELECTION}&formato=csv",
        }
        for link in sorted(links):
            downloaded = await client.get(link)
            assert downloaded.status == 200, await downloaded.text()
            assert downloaded.headers["Content-Disposition"].startswith("attachment;")
            if link.endswith("xlsx"):
                book = openpyxl.load_workbook(io.BytesIO(await downloaded.read()))
                assert book.sheetnames[1] == "Registro"
            else:
                assert (await downloaded.read()).decode("utf-8-sig").startswith("Clave,Cargo,")
        status, refused = await read(
            client, f"/consola/registro/plantilla?election_id={ELECTION}&formato=pdf"
        )
        assert status == 422 and "Revise los campos" in refused


async def test_the_downloaded_template_filled_with_its_lists_values_imports(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await configured(client, fresh)
        template = await client.get(TEMPLATE, params={"formato": "xlsx"}, headers=bearer(admin))
        imported = await client.post(
            f"/api/v1/elecciones/{ELECTION}/registro",
            params={"formato": "xlsx"},
            data=filled_template(await template.read()),
            headers=bearer(admin),
        )
        assert imported.status == 200, await imported.text()
        report = await imported.json()
        assert (report["rows"], report["candidacies"], report["registered"]) == (3, 2, 2)
