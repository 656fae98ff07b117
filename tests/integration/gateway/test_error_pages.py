"""A browser that meets an error sees a Spanish page with the trace id to quote; an API
client keeps its problem+json, readable (accents as they are, not ``\\u00f3``)."""

import re

from aiohttp import web

from services.runtime.settings import Settings
from tests.support.gateway import gateway_client

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PROBLEM = "application/problem+json"


async def broken(_: web.Request) -> web.Response:
    raise ZeroDivisionError("a bug, not the user's mistake")


async def test_a_browser_gets_a_spanish_error_page_with_its_trace_id(run: Settings) -> None:
    async with gateway_client(run, [web.get("/prueba/falla-pagina", broken)]) as client:
        missing = await client.get("/candidaturas", headers={"Accept": BROWSER})
        page = await missing.text()
        assert missing.status == 404
        assert missing.content_type == "text/html"
        assert '<html lang="es">' in page and "/static/conoceles.css" in page
        assert "No se encontró lo solicitado" in page
        assert "No existe la dirección solicitada." in page
        assert re.search(r"\b[0-9a-f]{32}\b", page), "the trace id to quote"
        assert '{"type"' not in page

        failed = await client.get("/prueba/falla-pagina", headers={"Accept": BROWSER})
        page = await failed.text()
        assert failed.status == 500 and failed.content_type == "text/html"
        assert "Ocurrió un error interno" in page and "Traceback" not in page


async def test_an_api_client_keeps_readable_problem_json(run: Settings) -> None:
    async with gateway_client(run) as client:
        for accept in ("application/json", PROBLEM, "*/*", None):
            headers = {"Accept": accept} if accept else {}
            response = await client.get("/candidaturas", headers=headers)
            raw = (await response.read()).decode()
            assert response.status == 404
            assert response.content_type == PROBLEM, accept
            assert "No se encontró lo solicitado" in raw, raw
            assert "\\u00f3" not in raw
