"""The open-data page in a real browser, as a journalist uses it: the election's current
release with its files and the data dictionary, the package downloaded and its manifest
checked by hand. The page passes axe's WCAG 2.1 AA checks and fits a 390 px phone."""

import dataclasses
import hashlib
import re
from pathlib import Path

import pytest

from contracts.envelope import utc_now
from services.publication.service import definition as publication
from services.publication.steps import releasing
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.open_data import insert_election, public_profile, publication_db, put_profile
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)


async def test_a_journalist_downloads_the_package_and_reads_its_dictionary(
    fresh: Settings, tmp_path: Path
) -> None:
    settings = fresh.model_copy(update={"open_data_min_interval_s": 0.0})
    quiet = dataclasses.replace(publication, timers=[])
    async with (
        running(settings, quiet) as (host,),
        gateway_client(settings) as client,
        chromium() as browser,
    ):
        conn = await publication_db(settings)
        try:
            await insert_election(conn)
            for number in (1, 2, 3):
                await put_profile(conn, public_profile(number), sequence=number)
        finally:
            await conn.close()
        (release,) = await releasing.release_due(host.deps, utc_now())

        async def listed() -> list[object]:
            body = await (await client.get("/api/v1/publico/datos-abiertos")).json()
            return list(body["releases"])

        await eventually(listed, bool, what="the release in the gateway's memory")
        page = await browser.new_page()
        await page.goto(str(client.make_url("/datos-abiertos")))
        assert await page.title() == "Datos abiertos — Conóceles"
        assert await page.get_by_role("heading", name="Elección local 2027").is_visible()
        files = page.get_by_role("table", name=f"Archivos de la versión {release.release_id}")
        assert await files.get_by_role("link", name="candidaturas.csv").is_visible()
        whole = page.get_by_role("link", name=re.compile(r"^Descargar todo el paquete \(ZIP, "))
        assert await whole.is_visible()  # the whole package first, before the file list
        dictionary = page.get_by_role("table", name="Columnas de curricular.csv y curricular.json")
        assert await dictionary.get_by_role(
            "cell", name="Grado máximo de estudios", exact=True
        ).is_visible()
        quality = dictionary.get_by_role("row", name=re.compile(r"^calidad "))
        assert await quality.get_by_text("Propietaria o Suplente", exact=False).is_visible()
        await assert_usable(page)

        async with page.expect_download() as downloading:
            await files.get_by_role("link", name="manifest.sha256").click()
        manifest = (await downloading.value).suggested_filename
        assert manifest == "manifest.sha256"
        saved = tmp_path / manifest
        await (await downloading.value).save_as(saved)
        assert hashlib.sha256(saved.read_bytes()).hexdigest() == release.manifest_sha256
        assert "  candidaturas.csv" in saved.read_text(encoding="utf-8")
