"""Input no person would send by mistake — a NUL character, a body larger than the bus can
carry, a broken multipart form — is refused at the gateway with a Spanish problem
(422, 413 or 400), never a 500, and changes nothing."""

from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.runtime.bus import MAX_PAYLOAD_BYTES
from services.runtime.settings import Settings
from tests.support.accounts import bearer, signed_in_admin
from tests.support.browser_session import csrf_token
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)
PROBLEM = "application/problem+json"


async def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    assert response.content_type == PROBLEM
    body = dict(await response.json(content_type=PROBLEM))
    assert body["status"] == status and body["title"] and body["detail"]
    return body


async def staff_names(client: Any, admin: str) -> list[str]:
    listed = await client.get("/api/v1/cuentas", headers=bearer(admin))
    return sorted(a["usuario"] for a in (await listed.json())["accounts"])


async def test_a_nul_character_anywhere_is_a_422_and_changes_nothing(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        before = await staff_names(client, admin)

        in_json = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={"rol": "verifier", "nombre": "Ana\u0000 Ruiz", "usuario": "ana.ruiz"},
        )
        body = await problem_of(in_json, 422)
        assert body["errors"][0]["field"] == "nombre"
        assert "carácter nulo" in body["errors"][0]["reason"]

        in_query = await client.get(
            "/api/v1/auditoria/entradas", params={"cuenta": "a\u0000b"}, headers=bearer(admin)
        )
        assert (await problem_of(in_query, 422))["errors"][0]["field"] == "cuenta"
        in_path = await client.get("/api/v1/elecciones/pel%002027", headers=bearer(admin))
        await problem_of(in_path, 422)
        in_form = await client.post(
            "/entrar",
            data={
                "csrf": await csrf_token(client),
                "usuario": "admin\u0000",
                "contrasena": "lo que sea",
            },
        )
        await problem_of(in_form, 422)
        assert await staff_names(client, admin) == before


async def test_a_body_the_bus_cannot_carry_is_a_413_before_any_service_sees_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, audit, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        huge = await client.put(
            "/api/v1/candidaturas/F-PAN-1/cuestionarios/curricular",
            headers=bearer(admin),
            json={"respuestas": {"propuesta_1": "x" * MAX_PAYLOAD_BYTES}},
        )
        body = await problem_of(huge, 413)
        assert body["type"] == "/problemas/contenido-demasiado-grande"


async def test_a_broken_multipart_form_is_a_400(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        token = await csrf_token(client)
        broken = await client.post(
            "/entrar",
            data=b'--frontera\r\nContent-Disposition: form-data; name="usuario"\r\n\r\nadmin',
            headers={
                "Content-Type": "multipart/form-data; boundary=frontera",
                "X-CSRF-Token": token,
            },
        )
        body = await problem_of(broken, 400)
        assert body["type"] == "/problemas/solicitud-mal-formada"
        no_boundary = await client.post(
            "/entrar",
            data=b"usuario=admin",
            headers={"Content-Type": "multipart/form-data", "X-CSRF-Token": token},
        )
        await problem_of(no_boundary, 400)
        unknown_charset = await client.post(
            "/entrar",
            data=b"usuario=admin",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=nada",
                "X-CSRF-Token": token,
            },
        )
        await problem_of(unknown_charset, 400)
        empty_without_boundary = await client.post(  # no body, no token in a header: the
            "/api/v1/sesion",  # CSRF check would have to read a form it cannot
            data=b"",
            headers={"Content-Type": "multipart/form-data"},
        )
        await problem_of(empty_without_boundary, 400)


async def test_a_method_the_address_does_not_take_is_a_405_naming_those_it_does(
    run: Settings,
) -> None:
    async with gateway_client(run) as client:
        response = await client.patch("/api/v1/openapi.json")
        body = await problem_of(response, 405)
        assert body["type"] == "/problemas/metodo-no-admitido"
        assert "GET" in response.headers["Allow"]


async def test_a_file_sent_as_json_is_bounded_as_a_file_not_as_fields(fresh: Settings) -> None:
    """A registry of several megabytes sent as JSON goes to capture in chunks: the
    fields' limit (one bus message) does not apply to it."""
    async with running(fresh, accounts, audit, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        registry = b"[" + b",".join([b'{"clave": "F-PAN-1"}'] * 100_000) + b"]"
        assert len(registry) > 2 * 1024 * 1024
        imported = await client.post(
            "/api/v1/elecciones/no-existe/registro",
            params={"formato": "json"},
            data=registry,
            headers={**bearer(admin), "Content-Type": "application/json"},
        )
        assert imported.status == 404, await imported.text()  # read, sent, and answered
