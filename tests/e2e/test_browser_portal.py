"""The portal in a real browser, as a citizen uses it: the search by district and name,
the profile, the contest side by side, the questions — each page passing axe's WCAG 2.1 AA
checks at desktop width and on a 390 px phone, with no JavaScript of its own."""

import pytest

from contracts.publication import election_key, profile_key
from services.gateway.state import PUBLIC_SEARCH
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium
from tests.support.gateway import gateway_client
from tests.support.public_profiles import ELECTION, election, person, profile, public, put_public
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
ANA = person("Ana Sofía", "Núñez", "Ibarra", "Mujer", 34)
LUIS = person("Luis", "Ávila", None, "Hombre", 58)
ROSA = person("Rosa María", "Peña", "López", "Mujer", 25)


async def test_a_citizen_finds_a_candidate_by_district_and_name_and_compares_the_contest(
    fresh: Settings,
) -> None:
    await put_public(
        fresh,
        {
            election_key(ELECTION): election(),
            profile_key("F-1"): public(profile("F-1", ANA, alternate=ROSA)),
            profile_key("F-2"): public(profile("F-2", LUIS, postulant="morena")),
            profile_key("F-3"): public(profile("F-3", ROSA, district="d02", postulant="pri")),
        },
    )
    async with gateway_client(fresh) as client, chromium() as browser:
        index = client.app[PUBLIC_SEARCH]

        async def held() -> int:
            return len(index)

        await eventually(held, lambda n: n == 3, what="three public profiles")
        page = await browser.new_page()  # the portal runs no script of its own
        await page.goto(str(client.make_url("/")))
        assert await page.title() == "Buscar candidaturas — Conóceles"
        await assert_usable(page)

        await page.get_by_label("Distrito").select_option(label="Distrito 1 — Tepic")
        await page.get_by_label("Nombre").fill("nunez")
        await page.get_by_role("button", name="Buscar").click()
        assert "distrito=d01" in page.url and "nombre=nunez" in page.url  # shareable
        assert await page.get_by_role("heading", name="Resultados: 1 candidatura").is_visible()
        await assert_usable(page)

        await page.get_by_role("link", name="Ana Sofía Núñez Ibarra").click()
        assert await page.get_by_role(
            "heading", level=1, name="Ana Sofía Núñez Ibarra"
        ).is_visible()
        assert await page.get_by_role("heading", name="Suplente").is_visible()
        assert await page.get_by_text(
            "La candidatura no proporcionó información."
        ).first.is_visible()
        await assert_usable(page)

        await page.get_by_role("link", name="Comparar con las demás candidaturas").click()
        contest = page.get_by_role("table", name="Candidaturas de la contienda, una por columna")
        assert await contest.get_by_role("link", name="Luis Ávila").is_visible()
        assert await contest.get_by_role("link", name="Ana Sofía Núñez Ibarra").is_visible()
        assert not await contest.get_by_role("link", name="Rosa María Peña López").count()
        await assert_usable(page)

        await page.get_by_role("link", name="Preguntas frecuentes").click()
        assert await page.get_by_role("heading", name="Preguntas frecuentes").is_visible()
        await assert_usable(page)
        assert await page.get_by_role("link", name="Iniciar sesión").is_visible()
