"""The candidacy list a page at a time, over the real services: every candidacy once in
key order across the pages, with how many there are; filters that combine, a search that
ignores accents and case, a party's account counting only its own, Spanish 422s for a
bad page; and the console's total and pager, whose links keep the filters."""

import html
import re
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, election_with
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import many_rows
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)
Client = TestClient[Any, Any]
LIST = "/api/v1/candidaturas"


def registry() -> list[dict[str, Any]]:
    """120 formulas; F-077 is Ana Sofía Núñez Ibáñez, F-005 was cancelled."""
    rows = many_rows(120)
    rows[76] |= {"nombres": "Ana Sofía", "primer_apellido": "Núñez", "segundo_apellido": "Ibáñez"}
    rows[4] |= {"estatus": "cancelada"}
    return rows


async def listed(client: Client, token: str, path: str = LIST, **query: Any) -> dict[str, Any]:
    response = await client.get(path, params=query, headers=bearer(token))
    assert response.status == 200, await response.text()
    return dict(await response.json())


def keys(page: dict[str, Any]) -> list[str]:
    return [c["candidacy_id"] for c in page["candidacies"]]


async def mark(settings: Settings, status: str, candidacies: list[str]) -> None:
    """Where these candidacies' questionnaires stand, as their submission left it."""
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute(
            "UPDATE capture.candidacies SET capture_status = $1 "
            "WHERE candidacy_id = ANY($2::text[])",
            status,
            candidacies,
        )
    finally:
        await conn.close()


async def test_the_list_pages_through_every_candidacy_once_in_key_order(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_with(client, fresh, registry())
        pages = [await listed(client, admin, pagina=n, por_pagina=50) for n in (1, 2, 3)]
        assert [len(p["candidacies"]) for p in pages] == [50, 50, 20]
        assert {(p["total"], p["paginas"], p["por_pagina"]) for p in pages} == {(120, 3, 50)}
        assert [p["pagina"] for p in pages] == [1, 2, 3]
        seen = [key for page in pages for key in keys(page)]
        assert seen == [f"F-{n:03d}" for n in range(1, 121)]  # each once, in key order

        past_the_end = await listed(client, admin, pagina=4, por_pagina=50)
        assert past_the_end["candidacies"] == [] and past_the_end["total"] == 120
        by_default = await listed(client, admin)
        assert (by_default["por_pagina"], by_default["paginas"]) == (50, 3)
        assert keys(by_default) == seen[:50]


async def test_filters_combine_and_a_search_ignores_accents_and_case(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_with(client, fresh, registry())
        rows = registry()

        def expected(**formula: str) -> list[str]:
            return [r["clave"] for r in rows if all(r[k] == v for k, v in formula.items())]

        pan_mayors_of_san_pedro = await listed(
            client,
            admin,
            eleccion=ELECTION,
            cargo="presidencia-municipal",
            municipio="san-pedro",
            partido="pan",
            por_pagina=200,
        )
        wanted = expected(cargo="presidencia-municipal", municipio="san-pedro", postulante="pan")
        assert keys(pan_mayors_of_san_pedro) == wanted and len(wanted) == 10
        assert pan_mayors_of_san_pedro["total"] == 10
        deputations = await listed(client, admin, distrito="distrito-1", por_pagina=200)
        assert deputations["total"] == 60 == len(expected(cargo="diputacion-mr"))
        coalition = await listed(client, admin, partido="morena", por_pagina=200)
        assert keys(coalition) == expected(postulante="sigamos")  # Morena captures for it

        for typed in ("nunez", "NÚÑEZ", "  ana   sofia ", "Ibanez"):
            found = await listed(client, admin, q=typed)
            assert keys(found) == ["F-077"], typed
            assert found["candidacies"][0]["owner_name"] == "Ana Sofía Núñez Ibáñez"
        by_key = await listed(client, admin, q="f-07")
        assert keys(by_key) == [f"F-{n:03d}" for n in range(70, 80)]
        assert (await listed(client, admin, q="nunez", partido="pan"))["total"] == 0  # MC's

        assert keys(await listed(client, admin, estatus="cancelada")) == ["F-005"]
        assert (await listed(client, admin, estatus="registrada"))["total"] == 119

        await mark(fresh, "submitted", ["F-001", "F-002", "F-004", "F-007"])
        await mark(fresh, "validated", ["F-010"])
        sent = await listed(client, admin, estado="submitted")
        assert keys(sent) == ["F-001", "F-002", "F-004", "F-007"]
        sent_by_pan = await listed(client, admin, estado="submitted", partido="pan")
        assert keys(sent_by_pan) == ["F-001", "F-004", "F-007"]
        assert (await listed(client, admin, estado="draft"))["total"] == 115
        blank = await listed(client, admin, cargo="", q=" ", estado="")  # a form's blanks
        assert blank["total"] == 120


async def test_a_partys_account_counts_and_pages_only_its_own(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_with(client, fresh, registry())

        async def board() -> list[dict[str, Any]]:
            response = await client.get("/api/v1/entregas", headers=bearer(admin))
            return list((await response.json())["deliveries"])

        await eventually(board, lambda b: len(b) >= 5, what="accounts know the election")
        team = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, team["capturist"])
        supervisor = await session_of(client, team["supervisor"])
        own = [r["clave"] for r in registry() if r["postulante"] == "pan"]

        first = await listed(client, capturist, por_pagina=15)
        assert (first["total"], first["paginas"]) == (40, 3)
        pages = [await listed(client, capturist, por_pagina=15, pagina=n) for n in (1, 2, 3)]
        assert [key for page in pages for key in keys(page)] == own
        assert (await listed(client, capturist, partido="mc"))["total"] == 0  # never widens
        assert (await listed(client, capturist, q="persona 2"))["total"] == len(
            [k for k in own if k.startswith("F-02")]
        )

        await mark(fresh, "submitted", [*own[:7], "F-002"])  # F-002 is MC's
        queue = "/api/v1/validacion/cola"
        queued = [await listed(client, supervisor, queue, por_pagina=5, pagina=n) for n in (1, 2)]
        assert [q["total"] for q in queued] == [7, 7] and queued[0]["paginas"] == 2
        assert [key for page in queued for key in keys(page)] == own[:7]


async def test_a_bad_page_is_refused_in_spanish(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_with(client, fresh, registry())
        for query, field, reason in (
            ({"por_pagina": "0"}, "por_pagina", "Debe ser mayor o igual que 1."),
            ({"por_pagina": "201"}, "por_pagina", "Debe ser menor o igual que 200."),
            ({"pagina": "dos"}, "pagina", "Debe ser un número entero."),
            ({"estado": "enviada"}, "estado", "Debe ser uno de: 'draft', 'submitted' o "),
        ):
            refused = await client.get(LIST, params=query, headers=bearer(admin))
            assert refused.status == 422, query
            assert refused.headers["Content-Type"].startswith("application/problem+json")
            problem = await refused.json()
            assert problem["detail"] == "Revise los parámetros señalados."
            [wrong] = problem["errors"]
            assert wrong["field"] == field and wrong["reason"].startswith(reason), problem

        queue = await client.get(
            "/api/v1/validacion/cola", params={"por_pagina": "0"}, headers=bearer(admin)
        )
        assert queue.status == 422

        page = await client.get("/captura", params={"por_pagina": "0"}, headers=bearer(admin))
        assert page.status == 422
        shown = html.unescape(await page.text())
        assert "revise la dirección" in shown
        assert "Candidaturas por página: Debe ser mayor o igual que 1." in shown


def links(page: str) -> dict[str, str]:
    """The pager's links, by their words."""
    pager = re.search(r'<nav class="paginas" aria-label="[^"]+">(.*?)</nav>', page, re.S)
    assert pager is not None, "no pager on the page"
    found = re.findall(r'<a href="([^"]+)" rel="(?:prev|next)">([^<]+)</a>', pager.group(1))
    return {words: html.unescape(address) for address, words in found}


async def test_the_console_shows_the_total_and_a_pager_whose_links_keep_the_filters(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_with(client, fresh, registry())

        async def read(path: str) -> str:
            response = await client.get(path, headers=bearer(admin))
            assert response.status == 200, path
            return await response.text()

        first = await read("/captura")
        assert "<strong>120 candidaturas</strong>." in first
        assert '<span aria-current="page">Página 1 de 3</span>' in first
        assert first.count('<th scope="row">') == 50
        assert '<nav class="paginas" aria-label="Páginas de candidaturas">' in first
        assert links(first) == {"Siguiente": "/captura?pagina=2"}

        second = await read(links(first)["Siguiente"])
        assert "Página 2 de 3" in second and "Persona 51 Prueba</a>" in second
        assert links(second) == {"Anterior": "/captura?pagina=1", "Siguiente": "/captura?pagina=3"}
        last = await read(links(second)["Siguiente"])
        assert last.count('<th scope="row">') == 20 and "Siguiente" not in links(last)

        filtered = await read("/captura?partido=pan&cargo=diputacion-mr&por_pagina=8")
        assert "<strong>20 candidaturas</strong> coinciden con los filtros." in filtered
        assert "Página 1 de 3" in filtered
        assert '<option value="pan" selected>Partido Acción Nacional</option>' in filtered
        assert '<option value="diputacion-mr" selected>' in filtered
        following = links(filtered)["Siguiente"]
        assert following == "/captura?cargo=diputacion-mr&partido=pan&por_pagina=8&pagina=2"
        assert "Página 2 de 3" in await read(following)

        one = await read("/captura?q=nunez")
        assert "<strong>1 candidatura</strong> coincide con los filtros." in one
        assert "Ana Sofía Núñez Ibáñez" in one and 'class="paginas"' not in one
        assert 'value="nunez"' in one
        none = await read("/captura?q=nadie")
        assert "Ninguna candidatura a su alcance coincide con los filtros." in none
        beyond = await read("/captura?pagina=9")
        assert "la lista termina en la página 3" in beyond
        assert links(beyond) == {"Anterior": "/captura?pagina=3"}

        overview = await read("/captura/F-118")  # its summary, whatever page it is on
        assert "Persona 118 Prueba" in overview
