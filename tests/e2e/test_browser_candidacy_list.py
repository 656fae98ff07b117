"""The candidacy list of a large registry in a real browser: the admin narrows it with the
filters form, reads how many match, and pages on with «Siguiente» — the address keeps the
filters; every page passes axe's WCAG 2.1 AA checks and fits a 390 px phone."""

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.gateway.sessions import ACCESS_COOKIE
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium
from tests.support.capture import election_with
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import many_rows

pytestmark = pytest.mark.timeout(180)


async def test_the_admin_filters_the_list_and_pages_through_it(fresh: Settings) -> None:
    async with (
        running(fresh, accounts, capture),
        gateway_client(fresh) as client,
        chromium() as browser,
    ):
        admin = await election_with(client, fresh, many_rows(120))
        base = str(client.make_url("/"))
        context = await browser.new_context()
        await context.add_cookies([{"name": ACCESS_COOKIE, "value": admin, "url": base}])
        page = await context.new_page()

        await page.goto(base + "captura?por_pagina=10")
        await page.get_by_text("120 candidaturas.").wait_for()
        await assert_usable(page)
        pager = page.get_by_role("navigation", name="Páginas de candidaturas")
        assert await pager.get_by_text("Página 1 de 12").is_visible()

        await page.get_by_label("Partido").select_option(label="Partido Acción Nacional")
        await page.get_by_label("Cargo").select_option(label="Diputación local de mayoría relativa")
        await page.get_by_role("button", name="Buscar").click()
        await page.get_by_text("20 candidaturas coinciden con los filtros.").wait_for()
        assert await pager.get_by_text("Página 1 de 2").is_visible()
        await assert_usable(page)

        await pager.get_by_role("link", name="Siguiente").click()
        await pager.get_by_text("Página 2 de 2").wait_for()
        assert "partido=pan" in page.url and "cargo=diputacion-mr" in page.url
        assert "por_pagina=10" in page.url and "pagina=2" in page.url
        assert await page.get_by_label("Partido").input_value() == "pan"
        assert await page.locator("tbody tr").count() == 10
        await assert_usable(page)

        await page.get_by_label("Nombre o clave").fill("PERSONA 115")
        await page.get_by_role("button", name="Buscar").click()
        await page.get_by_text("1 candidatura coincide con los filtros.").wait_for()
        assert await page.get_by_role("link", name="Persona 115 Prueba").is_visible()
        assert await pager.count() == 0
        await assert_usable(page)
