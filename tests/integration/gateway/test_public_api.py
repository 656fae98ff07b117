"""The public API as a client or a CDN in front sees it (issue 15 item 3): the search's
filters, a profile (404 never public, 410 withdrawn), a contest, the elections' names;
strong ETags and 304, gzip, a Cache-Control a proxy can honour, and no cookie."""

import gzip

import aiohttp
import pytest

from contracts.events.capture import PublicCurricular
from contracts.publication import election_key, profile_key
from services.gateway.state import PUBLIC_SEARCH
from services.runtime.settings import Settings
from tests.support.gateway import gateway_client
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
ANA = person("Ana Sofía", "Núñez", "Ibarra", "Mujer", 34)
LUIS = person("Luis", "Ávila", None, "Hombre", 58)
ROSA = person("Rosa María", "Peña", "López", "Mujer", 25)


async def _bucket(settings: Settings) -> None:
    await put_public(
        settings,
        {
            election_key(ELECTION): election(),
            profile_key("F-1"): public(
                profile(
                    "F-1",
                    ANA,
                    postulant="pan",
                    alternate=LUIS,
                    alternate_curricular=PublicCurricular(
                        propuesta_1="Salud en cada colonia. " * 3, fotografia="d" * 64
                    ),
                )
            ),
            profile_key("F-2"): public(profile("F-2", LUIS, postulant="morena")),
            profile_key("F-3"): public(profile("F-3", ROSA, district="d02", postulant="pri")),
            profile_key("F-9"): withdrawn("F-9"),
        },
    )


def no_cookie(response: aiohttp.ClientResponse) -> None:
    assert "Set-Cookie" not in response.headers, response.headers.getall("Set-Cookie")


async def test_a_profile_is_answered_with_etag_304_gzip_and_cacheable(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        response = await client.get(
            "/api/v1/publico/candidaturas/F-1", headers={"Accept-Encoding": "identity"}
        )
        assert response.status == 200
        no_cookie(response)
        body = await response.json()
        assert body["formula"]["owner"]["names"] == "Ana Sofía"
        assert body["alternate_curricular"]["propuesta_1"].startswith("Salud")
        assert body["alternate_photo_url"] == "/fotos/" + "d" * 64
        assert "birth_date" not in str(body)
        etag = response.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/")
        assert response.headers["Cache-Control"] == "public, max-age=1, stale-while-revalidate=1"
        assert response.headers["Vary"] == "Accept-Encoding"

        again = await client.get(
            "/api/v1/publico/candidaturas/F-1", headers={"If-None-Match": etag}
        )
        assert again.status == 304 and await again.read() == b""

        zipped = await client.get(
            "/api/v1/publico/candidaturas/F-1",
            headers={"Accept-Encoding": "gzip"},
            auto_decompress=False,
        )
        assert zipped.headers["Content-Encoding"] == "gzip"
        raw = await zipped.read()
        assert gzip.decompress(raw).decode().startswith('{"election_id":"nay-2027"')


async def test_never_public_is_404_and_withdrawn_is_410(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        missing = await client.get("/api/v1/publico/candidaturas/F-404")
        assert missing.status == 404
        assert (await missing.json())["type"] == "/problemas/no-encontrado"
        gone = await client.get("/api/v1/publico/candidaturas/F-9")
        assert gone.status == 410
        assert gone.content_type == "application/problem+json"
        problem = await gone.json()
        assert problem["type"] == "/problemas/candidatura-retirada"
        assert "retirada" in problem["detail"]


async def test_the_search_filters_pages_and_follows_a_withdrawal(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        response = await client.get(
            "/api/v1/publico/candidaturas", params={"distrito": "d01", "nombre": "NUNEZ"}
        )
        assert response.status == 200
        no_cookie(response)
        page = await response.json()
        assert page["total"] == 1 and page["paginas"] == 1
        assert [c["candidacy_id"] for c in page["candidaturas"]] == ["F-1"]
        etag = response.headers["ETag"]

        first = await (
            await client.get("/api/v1/publico/candidaturas", params={"por_pagina": "2"})
        ).json()
        second = await (
            await client.get(
                "/api/v1/publico/candidaturas", params={"por_pagina": "2", "pagina": "2"}
            )
        ).json()
        assert first["total"] == 3 and first["paginas"] == 2
        ids = [c["candidacy_id"] for c in first["candidaturas"] + second["candidaturas"]]
        assert ids == ["F-2", "F-1", "F-3"]

        bad = await client.get("/api/v1/publico/candidaturas", params={"edad_min": "cien"})
        assert bad.status == 422
        assert (await bad.json())["type"] == "/problemas/solicitud-invalida"

        await put_public(fresh, {profile_key("F-1"): withdrawn("F-1")})
        index = client.app[PUBLIC_SEARCH]

        async def held() -> bool:
            return index.card("F-1") is not None

        await eventually(held, lambda h: h is False, what="F-1 withdrawn in the index")
        after = await client.get(
            "/api/v1/publico/candidaturas",
            params={"distrito": "d01", "nombre": "NUNEZ"},
            headers={"If-None-Match": etag},
        )
        assert after.status == 200 and (await after.json())["total"] == 0
        assert (await client.get("/api/v1/publico/candidaturas/F-1")).status == 410


async def test_a_contest_and_the_elections_names(fresh: Settings) -> None:
    await _bucket(fresh)
    async with gateway_client(fresh) as client:
        response = await client.get(
            "/api/v1/publico/contiendas",
            params={"eleccion": ELECTION, "cargo": "diputacion", "distrito": "d01"},
        )
        assert response.status == 200, await response.text()
        contest = await response.json()
        assert contest["office"] == "diputacion" and contest["district"] == "d01"
        assert [p["candidacy_id"] for p in contest["candidaturas"]] == ["F-2", "F-1"]
        assert contest["candidaturas"][0]["curricular"]["propuesta_1"]

        names = await (await client.get("/api/v1/publico/elecciones")).json()
        [nayarit] = names["elecciones"]
        assert nayarit["name"] == "Proceso Electoral Local Nayarit 2027"
        assert {o["name"] for o in nayarit["offices"]} >= {"Diputación local"}

        document = await (await client.get("/api/v1/openapi.json")).json()
        for path in (
            "/api/v1/publico/candidaturas",
            "/api/v1/publico/candidaturas/{candidacy_id}",
            "/api/v1/publico/contiendas",
            "/api/v1/publico/elecciones",
        ):
            assert path in document["paths"], path
        single = document["paths"]["/api/v1/publico/candidaturas/{candidacy_id}"]["get"]
        assert {"404", "410"} <= set(single["responses"])
        assert "suplente" in single["summary"]
        shape = document["components"]["schemas"]["PublicProfile"]["properties"]
        assert {"alternate_curricular", "alternate_identity", "alternate_photo_url"} <= set(shape)
        assert "alternate's own consent" in shape["alternate_identity"]["description"]
        search = document["paths"]["/api/v1/publico/candidaturas"]["get"]
        assert {"nombre", "distrito", "edad_min"} <= {p["name"] for p in search["parameters"]}


async def test_a_party_also_finds_its_coalitions_candidacies_through_the_api(
    fresh: Settings,
) -> None:
    await _bucket(fresh)
    coalition = profile("F-5", ROSA, postulant_kind="coalicion", postulant="c-juntos")
    await put_public(fresh, {profile_key("F-5"): public(coalition)})
    async with gateway_client(fresh) as client:
        index = client.app[PUBLIC_SEARCH]

        async def held() -> int:
            return len(index)

        await eventually(held, lambda n: n == 4, what="four public profiles")

        async def found(**params: str) -> list[str]:
            response = await client.get("/api/v1/publico/candidaturas", params=params)
            assert response.status == 200
            return [c["candidacy_id"] for c in (await response.json())["candidaturas"]]

        assert await found(postulacion="pan") == ["F-1", "F-5"]  # PAN is in «Juntos por Nayarit»
        assert await found(postulacion="pri") == ["F-5", "F-3"]
        assert await found(postulacion="morena") == ["F-2"]
        assert await found(postulacion="c-juntos") == ["F-5"]
        assert await found(postulacion="pan", nombre="pena") == ["F-5"]
