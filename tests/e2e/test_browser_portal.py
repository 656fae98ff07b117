"""The portal in a real browser, as a citizen uses it (issue 15, "done when"): the search by
district and name, the profile, the contest side by side, the statistics; the contests
listed; the questions, the open data and the privacy notice in the portal's own layout.
Each page passes axe's WCAG 2.1 AA checks at desktop width and on a 390 px phone, with no
JavaScript of its own, and is photographed at both widths before it is checked, so a
failing run leaves in its ``tmp_path`` what the citizen would have seen."""

from pathlib import Path

import pytest
from playwright.async_api import Page

from contracts.envelope import utc_now
from contracts.events.capture import PartyInfo, PublicCurricular, PublicIdentity
from contracts.publication import (
    PublicStatistics,
    election_key,
    profile_key,
    statistics_key,
)
from services.gateway.state import PUBLIC_READ_MODEL, PUBLIC_SEARCH
from services.publication.domain import statistics
from services.publication.domain.statistics import CandidacyProgress, PublishedPerson
from services.runtime.settings import Settings
from tests.support.browser import assert_usable, chromium, on_a_phone
from tests.support.gateway import gateway_client
from tests.support.public_profiles import ELECTION, election, person, profile, public, put_public
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
ANA = person("Ana Sofía", "Núñez", "Ibarra", "Mujer", 34)
LUIS = person("Luis", "Ávila", None, "Hombre", 58)
ROSA = person("Rosa María", "Peña", "López", "Mujer", 25)
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="pri", name="Partido Revolucionario Institucional", acronym="PRI"),
    PartyInfo(id="morena", name="Morena", acronym="MORENA"),
]


def _statistics() -> bytes:
    """The figures publication compiles for the three published owners below."""
    owners = [
        PublishedPerson("diputacion", "pan", "Mujer", 34, "Licenciatura"),
        PublishedPerson("diputacion", "morena", "Hombre", 58, "Licenciatura"),
        PublishedPerson("diputacion", "pri", "Mujer", 25, "Licenciatura"),
    ]
    progress = [CandidacyProgress(p, True, True, True) for p in ("pan", "morena", "pri")]
    progress.append(CandidacyProgress("pri", True, False, False))
    document = PublicStatistics(
        election_id=ELECTION,
        election_name="Proceso Electoral Local Nayarit 2027",
        compiled_at=utc_now(),
        progress=statistics.progress(PARTIES, progress),
        sex=statistics.by_sex(owners),
        age=statistics.by_age(owners),
        education=statistics.by_education(owners),
        groups=statistics.groups([], statistics.public_slices(owners)),
        minimum_cell=statistics.MIN_CELL,
        note=statistics.NOTE,
        sequence=1,
    )
    return document.model_dump_json().encode()


async def _looked_at(page: Page, shots: Path, name: str) -> None:
    """Photograph the page at its width and on a phone, then hold it to axe and the
    screen's width at both."""
    await page.screenshot(path=shots / f"{name}.png", full_page=True)
    async with on_a_phone(page):
        await page.screenshot(path=shots / f"{name}-telefono.png", full_page=True)
    await assert_usable(page)


async def test_a_citizen_finds_a_candidate_by_district_and_name_compares_and_sees_statistics(
    fresh: Settings, tmp_path: Path
) -> None:
    await put_public(
        fresh,
        {
            election_key(ELECTION): election(),
            profile_key("F-1"): public(
                profile(
                    "F-1",
                    ANA,
                    alternate=ROSA,
                    alternate_curricular=PublicCurricular(
                        grado_maximo_estudios="Maestría",
                        propuesta_1="Clínicas móviles para las comunidades serranas. " * 4,
                    ),
                    alternate_identity=PublicIdentity(discapacidad="Sí"),
                )
            ),
            profile_key("F-2"): public(profile("F-2", LUIS, postulant="morena")),
            profile_key("F-3"): public(profile("F-3", ROSA, district="d02", postulant="pri")),
            statistics_key(ELECTION): _statistics(),
        },
    )
    async with gateway_client(fresh) as client, chromium() as browser:
        index = client.app[PUBLIC_SEARCH]
        model = client.app[PUBLIC_READ_MODEL]

        async def held() -> tuple[int, bool]:
            return len(index), model.get(statistics_key(ELECTION)) is not None

        await eventually(held, lambda h: h == (3, True), what="three profiles and statistics")
        page = await browser.new_page()  # the portal runs no script of its own
        await page.set_viewport_size({"width": 1280, "height": 900})
        await page.goto(str(client.make_url("/")))
        assert await page.title() == "Buscar candidaturas — Conóceles"
        await _looked_at(page, tmp_path, "1-busqueda")

        await page.get_by_label("Distrito").select_option(label="Distrito 1 — Tepic")
        await page.get_by_label("Nombre").fill("nunez")
        await page.get_by_role("button", name="Buscar").click()
        assert "distrito=d01" in page.url and "nombre=nunez" in page.url  # shareable
        assert await page.get_by_role("heading", name="Resultados: 1 candidatura").is_visible()
        await _looked_at(page, tmp_path, "2-resultados")

        await page.get_by_role("link", name="Ana Sofía Núñez Ibarra").click()
        assert await page.get_by_role(
            "heading", level=1, name="Ana Sofía Núñez Ibarra"
        ).is_visible()
        assert await page.get_by_role("heading", name="Suplente", exact=True).is_visible()
        alternate = page.get_by_role("region", name="Suplente: Rosa María Peña López")
        assert await alternate.get_by_text("Clínicas móviles para las comunidades").is_visible()
        assert await page.get_by_text(
            "La candidatura no proporcionó información."
        ).first.is_visible()
        await _looked_at(page, tmp_path, "3-perfil")

        await page.get_by_role("link", name="Comparar con las demás candidaturas").click()
        contest = page.get_by_role("table", name="Candidaturas de la contienda, una por columna")
        assert await contest.get_by_role("link", name="Luis Ávila").is_visible()
        assert await contest.get_by_role("link", name="Ana Sofía Núñez Ibarra").is_visible()
        assert not await contest.get_by_role("link", name="Rosa María Peña López").count()
        await _looked_at(page, tmp_path, "4-contienda")

        menu = page.get_by_role("navigation", name="Portal")
        await menu.get_by_role("link", name="Estadísticas").click()
        assert await page.title() == "Estadísticas — Conóceles"
        assert (
            await menu.get_by_role("link", name="Estadísticas").get_attribute("aria-current")
            == "page"
        )
        progress = page.get_by_role("table", name="Candidaturas por partido y etapa de la captura")
        pri = progress.get_by_role("row", name="Partido Revolucionario Institucional")
        assert await pri.get_by_role("cell").all_inner_texts() == ["2", "2", "1", "1"]
        await _looked_at(page, tmp_path, "5-estadisticas")

        await menu.get_by_role("link", name="Comparar una contienda").click()
        listing = page.get_by_role("list", name="Diputación local")
        assert await listing.get_by_role("listitem").all_inner_texts() == [
            "Distrito 1 — Tepic (2 candidaturas públicas)",
            "Distrito 2 — Xalisco (1 candidatura pública)",
        ]
        await _looked_at(page, tmp_path, "6-contiendas")
        await listing.get_by_role("link", name="Distrito 2 — Xalisco").click()
        contest = page.get_by_role("table", name="Candidaturas de la contienda, una por columna")
        assert await contest.get_by_role("link", name="Rosa María Peña López").is_visible()

        for entry, heading, name in (
            ("Datos abiertos", "Datos abiertos", "7-datos-abiertos"),
            ("Aviso de privacidad", "Aviso de privacidad integral", "8-aviso"),
            ("Preguntas frecuentes", "Preguntas frecuentes", "9-preguntas"),
            ("Manual de usuario", "Manual de usuario", "10-manual"),
        ):
            await menu.get_by_role("link", name=entry, exact=True).click()
            assert await page.get_by_role("heading", level=1, name=heading).is_visible()
            assert await menu.get_by_role("link", name="Iniciar sesión").is_visible()
            await _looked_at(page, tmp_path, name)
        consent = menu.get_by_role("link", name="Formato de consentimiento (PDF)")
        assert await consent.get_attribute("href") == "/formato-consentimiento"
