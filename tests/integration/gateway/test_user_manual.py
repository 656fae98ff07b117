"""The user manual (002 §I.A.1.V): a page for every role that uses the system, linked from
the portal's footer and the console's menu, downloadable as a PDF that says the same; and
every page it sends a person to exists."""

import re

from services.accounts.service import definition as accounts
from services.gateway.manual_pdf import printable
from services.gateway.user_manual import CHAPTERS
from services.runtime.settings import Settings
from tests.support.accounts import bearer, pdf_text, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
ROLES = (
    "Captura del partido",
    "Supervisión del partido",
    "Cuenta de la candidatura y candidaturas independientes",
    "Administración del partido",
    "Personal verificador del Instituto",
    "Análisis",
    "Soporte técnico",
    "Administración del Instituto",
)


async def test_the_manual_has_a_chapter_per_role_and_its_pdf_says_the_same(
    fresh: Settings,
) -> None:
    async with gateway_client(fresh) as client:
        page = await client.get("/manual", headers=BROWSER)
        assert page.status == 200
        html = await page.text()
        headings = re.findall(r'<h2 id="[^"]+">([^<]+)</h2>', html)
        assert set(ROLES) <= set(headings)
        assert 'href="/manual.pdf"' in html
        assert "§" not in html  # no procedure citations where people read
        home = await (await client.get("/", headers=BROWSER)).text()
        assert 'href="/manual"' in home

        pdf = await client.get("/manual.pdf")
        assert pdf.status == 200
        assert pdf.content_type == "application/pdf"
        assert "attachment" in pdf.headers["Content-Disposition"]
        text = pdf_text(await pdf.read())
        for role in ROLES:
            assert role in text, role
        assert "Advertir a la captura" in text


def test_every_character_of_the_manual_prints_in_its_pdf() -> None:
    """The PDF's font has no «→»: the manual's arrows printed as «?» until they were drawn
    as the font's «›»."""
    for chapter in CHAPTERS:
        for task in chapter.tasks:
            for text in (chapter.title, chapter.who, task.title, task.where or "", *task.steps):
                assert printable(text).count("?") == text.count("?"), text


async def test_every_page_the_manual_names_exists_and_the_console_links_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        named = {
            task.where.split(" ")[0].split("?")[0]
            for chapter in CHAPTERS
            for task in chapter.tasks
            if task.where
        }
        for address in sorted(named):
            response = await client.get(address, headers=BROWSER, allow_redirects=False)
            assert response.status != 404, address
        admin, _ = await signed_in_admin(fresh, client)
        console = await (await client.get("/consola/cuentas", headers=bearer(admin))).text()
        assert 'href="/manual"' in console
