"""The gateway: /salud from every service, problem+json for every failure, OpenAPI."""

from aiohttp import web
from openapi_spec_validator import validate

from contracts.errors import ErrorCode, ErrorReply
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.incidents.service import definition as incidents
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.runtime.requests import RequestFailed
from services.runtime.settings import Settings
from tests.support.gateway import gateway_client
from tests.support.hosts import running

ALL = (accounts, capture, moderation, publication, audit, incidents)
PROBLEM = "application/problem+json"


async def test_salud_is_200_when_every_service_is_up(run: Settings) -> None:
    async with running(run, *ALL), gateway_client(run) as client:
        response = await client.get("/salud")
        body = await response.json()
        assert response.status == 200
        assert body["status"] == "arriba"
        assert [s["service"] for s in body["services"]] == [
            "gateway",
            "accounts",
            "capture",
            "moderation",
            "publication",
            "audit",
            "incidents",
        ]
        assert all(s["status"] == "arriba" for s in body["services"])


async def test_salud_is_503_and_names_the_service_that_is_down(fresh: Settings) -> None:
    up = [d for d in ALL if d is not incidents]
    async with running(fresh, *up), gateway_client(fresh) as client:
        response = await client.get("/salud")
        body = await response.json()
        assert response.status == 503
        assert body["status"] == "abajo"
        down = [s for s in body["services"] if s["status"] == "abajo"]
        assert [s["service"] for s in down] == ["incidents"]
        assert "incidents" in down[0]["detail"]


async def test_an_unknown_address_is_a_spanish_problem_with_its_trace(run: Settings) -> None:
    async with gateway_client(run) as client:
        response = await client.get("/no-existe")
        body = await response.json(content_type=PROBLEM)
        assert response.status == 404
        assert response.content_type == PROBLEM
        assert body["type"] == "/problemas/no-encontrado"
        assert body["title"] == "No se encontró lo solicitado"
        assert len(body["trace_id"]) == 32
        assert response.headers["X-Request-Id"] == body["request_id"]


async def refused(_: web.Request) -> web.Response:
    raise RequestFailed(ErrorReply.of(ErrorCode.FORBIDDEN, "Esta candidatura no es de su partido."))


async def broken(_: web.Request) -> web.Response:
    raise ZeroDivisionError("a bug, not the user's mistake")


async def test_a_typed_refusal_becomes_its_problem(run: Settings) -> None:
    async with gateway_client(run, [web.get("/prueba/rechazo", refused)]) as client:
        response = await client.get("/prueba/rechazo")
        body = await response.json(content_type=PROBLEM)
        assert response.status == 403
        assert body["type"] == "/problemas/sin-permiso"
        assert body["detail"] == "Esta candidatura no es de su partido."


async def test_a_bug_is_a_500_problem_without_a_traceback(run: Settings) -> None:
    async with gateway_client(run, [web.get("/prueba/falla", broken)]) as client:
        response = await client.get("/prueba/falla")
        text = await response.text()
        assert response.status == 500
        assert response.content_type == PROBLEM
        assert "Traceback" not in text and "ZeroDivisionError" not in text
        assert "identificador de rastreo" in (await response.json(content_type=PROBLEM))["detail"]


async def test_the_openapi_document_is_valid_and_lists_every_route(run: Settings) -> None:
    async with gateway_client(run) as client:
        response = await client.get("/api/v1/openapi.json")
        document = await response.json()
        validate(document)
        assert document["openapi"] == "3.1.0"
        salud = document["paths"]["/salud"]["get"]
        assert set(salud["responses"]) >= {"200", "503", "500"}
        assert "Problem" in document["components"]["schemas"]
        assert "/api/v1/openapi.json" in document["paths"]


async def test_the_health_page_is_spanish_and_shows_the_system_state(run: Settings) -> None:
    async with running(run, *ALL), gateway_client(run) as client:
        response = await client.get("/salud", headers={"Accept": "text/html"})
        html = await response.text()
        assert response.status == 200
        assert '<html lang="es">' in html
        assert "Todos los servicios funcionan." in html
