"""The portal's pages as a citizen's browser receives them (issue 15 item 2): the search
at ``/`` with its filters in a shareable address, the profile with every public field
(and the words for an empty one), the 410 page of a withdrawn candidacy, the contest side
by side, the questions — Spanish, complete without JavaScript, with no cookie."""

import re

import aiohttp
import pytest

from contracts.events.capture import PublicCurricular, PublicIdentity
from contracts.publication import election_key, profile_key
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.gateway.state import PUBLIC_SEARCH
from services.runtime.settings import Settings
from tests.support.accounts import bearer, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.public_profiles import (
    ELECTION,
    election,
    person,
    profile,
    public,
    put_public,
    withdrawn,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
EMPTY = "La candidatura no proporcionó información."
ANA = person("Ana Sofía", "Núñez", "Ibarra", "Mujer", 34)
LUIS = person("Luis", "Ávila", None, "Hombre", 58)
ALTERNATE = person("Carmen", "Ríos", None, "Mujer", 40)
ALTERNATE_PHOTO = "c" * 64


async def _bucket(settings: Settings) -> None:
    await put_public(
        settings,
        {
            election_key(ELECTION): election(),
            profile_key("F-1"): public(
                profile(
                    "F-1",
                    ANA,
                    alternate=ALTERNATE,
                    identity=PublicIdentity(indigena="Sí"),
                    proposal="Agua potable para cada colonia de Tepic. " * 8,
                    alternate_curricular=PublicCurricular(
                        fotografia=ALTERNATE_PHOTO,
                        grado_maximo_estudios="Maestría",
                        propuesta_1="Clínicas móviles para las comunidades serranas. " * 4,
                    ),
                    alternate_identity=PublicIdentity(discapacidad="Sí"),
                )
            ),
            profile_key("F-2"): public(profile("F-2", LUIS, postulant="morena", action="indigena")),
            profile_key("F-9"): withdrawn("F-9"),
        },
    )


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def public_answer(response: aiohttp.ClientResponse) -> None:
    assert "Set-Cookie" not in response.headers, response.headers.getall("Set-Cookie")
    assert response.headers["Cache-Control"].startswith("public")


async def test_the_front_page_is_the_search_with_shareable_filters(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        home = await client.get("/", headers=BROWSER)
        assert home.status == 200
        public_answer(home)
        html = await home.text()
        assert '<html lang="es">' in html and "Buscar candidaturas" in html
        assert "Servicios y su estado" not in html  # the health table moved to /salud
        for link in (
            "/entrar",
            "/estadisticas",
            "/datos-abiertos",
            "/preguntas-frecuentes",
            "/aviso-de-privacidad",
            "/formato-consentimiento",
            "/contiendas",
        ):
            assert f'href="{link}' in html, link
        assert "Iniciar sesión" in html
        assert '<option value="d01">Distrito 1 — Tepic</option>' in html
        assert "Resultados: 2 candidaturas" in text_of(html)

        found = await client.get(
            "/", params={"distrito": "d01", "nombre": "nunez"}, headers=BROWSER
        )
        page = await found.text()
        assert "Resultados: 1 candidatura" in text_of(page)
        assert 'href="/candidaturas/F-1"' in page and "/candidaturas/F-2" not in page
        assert '<option value="d01" selected>' in page
        assert 'value="nunez"' in page
        assert "Partido Acción Nacional (PAN)" in page


async def test_the_search_pages_through_its_results(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        first = await (await client.get("/", params={"por_pagina": "1"}, headers=BROWSER)).text()
        assert "Página 1 de 2" in first
        # the next page keeps its size: without it page 2 of 20 per page was empty
        assert 'href="/?por_pagina=1&amp;pagina=2" rel="next"' in first
        assert "/candidaturas/F-2" in first and "/candidaturas/F-1" not in first
        second = await (
            await client.get("/", params={"por_pagina": "1", "pagina": "2"}, headers=BROWSER)
        ).text()
        assert "/candidaturas/F-1" in second and "Página 2 de 2" in second

        past = text_of(await (await client.get("/?pagina=99", headers=BROWSER)).text())
        assert "Esa página no existe: los resultados ocupan 1 página. Ir a la primera" in past
        assert "No hay candidaturas públicas" not in past


async def test_a_profile_shows_the_formula_every_public_field_and_the_empty_ones(
    fresh: Settings,
) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        response = await client.get("/candidaturas/F-1", headers=BROWSER)
        assert response.status == 200
        public_answer(response)
        shown = text_of(await response.text())
        assert "Ana Sofía Núñez Ibarra" in shown
        assert "Suplente" in shown and "Carmen Ríos" in shown
        assert "Diputación local · Distrito 1 — Tepic" in shown
        assert "Grado máximo de estudios Licenciatura" in shown
        assert "Agua potable para cada colonia de Tepic." in shown
        assert "Trayectoria política" in shown
        assert f"Historia profesional y/o laboral {EMPTY}" in shown
        assert "Cuestionario de identidad" in shown
        assert "Comparar con las demás candidaturas" in shown

        other = text_of(await (await client.get("/candidaturas/F-2", headers=BROWSER)).text())
        # nothing public: the section says why, and shows no answer
        assert "Sus respuestas no se publican: solo se muestran con el consentimiento" in other
        # the affirmative action's type by its name, never its id (002 §II.C)
        assert "Acción afirmativa: Persona indígena" in other and "indigena" not in other
        front = await (await client.get("/?eleccion=" + ELECTION, headers=BROWSER)).text()
        assert '<option value="indigena">Persona indígena</option>' in front

        etag = response.headers["ETag"]
        again = await client.get("/candidaturas/F-1", headers={**BROWSER, "If-None-Match": etag})
        assert again.status == 304


async def test_a_profile_shows_the_alternates_own_photo_and_answers(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        html = await (await client.get("/candidaturas/F-1", headers=BROWSER)).text()
        owner_part, alternate_part = html.split('<h2 id="suplente">')
        alternate = text_of(alternate_part)
        assert alternate.startswith("Suplente: Carmen Ríos")
        assert f'src="/fotos/{ALTERNATE_PHOTO}" alt="Fotografía de Carmen Ríos"' in alternate_part
        assert "Grado máximo de estudios Maestría" in alternate
        assert "Clínicas móviles para las comunidades serranas." in alternate
        assert f"Historia profesional y/o laboral {EMPTY}" in alternate  # the same layout
        assert "consentimiento expreso de la persona suplente" in alternate
        assert "¿Tiene algún tipo de discapacidad? Sí" in alternate
        # each person's answers stay in their own section
        assert "Clínicas móviles" not in owner_part and "Agua potable" not in alternate
        assert "Grado máximo de estudios Licenciatura" in text_of(owner_part)

        no_answers = text_of(await (await client.get("/candidaturas/F-2", headers=BROWSER)).text())
        assert "Suplente:" not in no_answers  # a formula without an alternate


async def test_a_withdrawn_profile_is_a_410_page_and_an_unknown_one_a_404(
    fresh: Settings,
) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        gone = await client.get("/candidaturas/F-9", headers=BROWSER)
        assert gone.status == 410
        assert "Esta candidatura ya no es pública" in await gone.text()
        missing = await client.get("/candidaturas/F-404", headers=BROWSER)
        assert missing.status == 404
        assert "<html" in await missing.text()


async def test_the_contest_view_puts_the_candidacies_side_by_side(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        empty = await client.get("/contiendas", headers=BROWSER)
        assert empty.status == 200 and "Comparar una contienda" in await empty.text()
        response = await client.get(
            "/contiendas", params={"cargo": "diputacion", "distrito": "d01"}, headers=BROWSER
        )
        html = await response.text()
        assert "Diputación local — Distrito 1 — Tepic" in html
        columns = re.findall(r'<th scope="col"><a href="/candidaturas/([^"]+)"', html)
        assert columns == ["F-2", "F-1"]  # Morena, then PAN
        rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', html)
        assert "Primera de sus dos principales propuestas" in rows
        assert EMPTY in html  # neither answered why they seek office


async def test_the_frequently_asked_questions_are_public(fresh: Settings) -> None:
    async with gateway_client(fresh) as client:
        questions = await client.get("/preguntas-frecuentes", headers=BROWSER)
        assert questions.status == 200
        assert "¿Qué es Conóceles?" in await questions.text()
        public_answer(questions)


async def test_a_signed_in_reader_sees_their_account_and_the_page_is_not_shared(
    fresh: Settings,
) -> None:
    await _bucket(fresh)
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        anonymous = await (await client.get("/candidaturas/F-1", headers=BROWSER)).text()
        admin, _ = await signed_in_admin(fresh, client)
        response = await client.get("/candidaturas/F-1", headers={**BROWSER, **bearer(admin)})
        html = await response.text()
        assert response.status == 200
        assert "Sesión iniciada" in html and "Iniciar sesión" not in html
        assert response.headers["Cache-Control"] == "no-store"
        assert "Sesión iniciada" not in anonymous  # the prepared page was not theirs
        again = await client.get("/candidaturas/F-1", headers=BROWSER)
        assert "Iniciar sesión" in await again.text()


async def test_an_unusable_filter_is_explained_in_spanish(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        response = await client.get("/", params={"edad_min": "cien"}, headers=BROWSER)
        shown = text_of(await response.text())
        assert response.status == 200
        assert "Algunos filtros no se pudieron usar , y se muestran todas las candidaturas" in shown
        assert "Edad desde:" in shown and "Input should" not in shown
        assert "Resultados: 2 candidaturas" in shown


async def test_the_contests_without_a_choice_are_every_contest_with_public_candidacies(
    fresh: Settings,
) -> None:
    await _bucket(fresh)
    await put_public(
        fresh,
        {
            profile_key("F-3"): public(profile("F-3", ALTERNATE, district="d02")),
            profile_key("F-4"): public(
                profile("F-4", LUIS, office="presidencia", district=None, municipality="m017")
            ),
        },
    )
    async with gateway_client(fresh) as client:
        index = client.app[PUBLIC_SEARCH]

        async def held() -> int:
            return len(index)

        await eventually(held, lambda n: n == 4, what="four public profiles")
        response = await client.get("/contiendas", headers=BROWSER)
        assert response.status == 200
        public_answer(response)
        html = await response.text()
        shown = text_of(html)
        assert "Contiendas con candidaturas públicas" in shown
        assert (
            "Proceso Electoral Local Nayarit 2027 Diputación local"
            " Distrito 1 — Tepic (2 candidaturas públicas)"
            " Distrito 2 — Xalisco (1 candidatura pública)"
            " Presidencia municipal Tepic (1 candidatura pública)"
        ) in shown  # by election, then office, in the election's own order
        links = re.findall(r'<li><a href="(/contiendas\?[^"]+)">', html)
        assert links == [
            "/contiendas?eleccion=nay-2027&amp;cargo=diputacion&amp;distrito=d01",
            "/contiendas?eleccion=nay-2027&amp;cargo=diputacion&amp;distrito=d02",
            "/contiendas?eleccion=nay-2027&amp;cargo=presidencia&amp;municipio=m017",
        ]

        chosen = await client.get(links[0].replace("&amp;", "&"), headers=BROWSER)
        columns = re.findall(
            r'<th scope="col"><a href="/candidaturas/([^"]+)"', await chosen.text()
        )
        assert columns == ["F-2", "F-1"]

        await put_public(fresh, {profile_key("F-3"): withdrawn("F-3")})
        await eventually(held, lambda n: n == 3, what="F-3 withdrawn")
        after = text_of(await (await client.get("/contiendas", headers=BROWSER)).text())
        assert "Distrito 2 — Xalisco" not in after.split("Contiendas con candidaturas")[1]


async def test_a_party_also_finds_the_candidacies_of_its_coalitions(fresh: Settings) -> None:
    await _bucket(fresh)
    coalition = profile("F-5", ALTERNATE, postulant_kind="coalicion", postulant="c-juntos")
    await put_public(fresh, {profile_key("F-5"): public(coalition)})
    async with gateway_client(fresh) as client:
        index = client.app[PUBLIC_SEARCH]

        async def held() -> int:
            return len(index)

        await eventually(held, lambda n: n == 3, what="three public profiles")

        async def found(postulant: str) -> list[str]:
            response = await client.get("/", params={"postulacion": postulant}, headers=BROWSER)
            return re.findall(
                r'<h3 id="tarjeta-[^"]+"><a href="/candidaturas/([^"]+)"', await response.text()
            )

        assert await found("pan") == ["F-1", "F-5"]  # PAN is in «Juntos por Nayarit»
        assert await found("pri") == ["F-5"]
        assert await found("morena") == ["F-2"]  # in no coalition
        assert await found("c-juntos") == ["F-5"]
        home = text_of(await (await client.get("/", headers=BROWSER)).text())
        assert (
            "Un partido encuentra también las candidaturas de las coaliciones a las que pertenece."
            in home
        )
        assert "Coalición Juntos por Nayarit" in home


async def test_every_public_page_wears_the_portal_and_knows_a_signed_in_reader(
    fresh: Settings,
) -> None:
    await _bucket(fresh)
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        for address in ("/estadisticas", "/datos-abiertos", "/aviso-de-privacidad"):
            anonymous = await client.get(address, headers=BROWSER)
            html = await anonymous.text()
            assert anonymous.status == 200, address
            assert '<nav aria-label="Portal"' in html and "Iniciar sesión" in html, address
            assert f'href="{address}" aria-current="page"' in html, address
            assert 'href="/formato-consentimiento"' in html, address
            theirs = await client.get(address, headers={**BROWSER, **bearer(admin)})
            assert "Sesión iniciada" in await theirs.text(), address
            assert theirs.headers["Cache-Control"] == "no-store", address
