"""CSRF tokens bound to the session: a cookie planted in the browser and the same value in
the request is no token at all; signing in gives a new one."""

import pytest

from services.accounts.service import definition as accounts
from services.runtime.settings import Settings
from tests.support.browser_session import csrf_token, read, signed_in_admin_page, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)


async def test_a_planted_csrf_cookie_with_the_same_value_is_refused_in_a_signed_in_session(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        await signed_in_admin_page(fresh, client)
        jar = client.session.cookie_jar
        jar.clear(lambda cookie: cookie.key == "conoceles_csrf")
        jar.update_cookies({"conoceles_csrf": "plantada"}, response_url=client.make_url("/"))
        forged = await client.post(
            "/api/v1/cuentas/personal",
            headers={"X-CSRF-Token": "plantada"},
            json={"rol": "ine", "nombre": "Intrusa", "usuario": "ine.intrusa"},
        )
        assert forged.status == 403
        assert forged.content_type == "application/problem+json"
        assert "no proviene de este sitio" in (await forged.json())["detail"]
        by_form = await client.post(
            "/consola/cuentas/personal",
            data={"csrf": "plantada", "rol": "ine", "nombre": "Intrusa", "usuario": "ine.otra"},
            allow_redirects=False,
        )
        assert by_form.status == 403

        _, console = await read(client, "/consola/cuentas")
        assert "ine.intrusa" not in console and "ine.otra" not in console
        issued = await submit(
            client,
            "/consola/cuentas/personal",
            {"rol": "ine", "nombre": "Consumo INE", "usuario": "ine.consumo"},
        )
        assert issued.status == 200  # the page's own token still works


async def test_signing_in_changes_the_csrf_token_and_the_old_one_stops_working(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        before = await csrf_token(client)
        await signed_in_admin_page(fresh, client)
        after = await csrf_token(client)
        assert after != before
        stale = await client.post(
            "/consola/cuentas/personal",
            data={"csrf": before, "rol": "ine", "nombre": "Consumo", "usuario": "ine.vieja"},
            allow_redirects=False,
        )
        assert stale.status == 403


async def test_over_tls_the_csrf_cookie_carries_the_host_prefix(fresh: Settings) -> None:
    tls = fresh.model_copy(update={"public_url": "https://portal.ieel.mx"})
    async with gateway_client(tls) as client:
        response = await client.get("/entrar")
        [cookie] = [c for c in response.headers.getall("Set-Cookie") if "csrf" in c]
        assert cookie.startswith("__Host-conoceles_csrf=")
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


async def test_a_json_answer_plants_no_pre_session_and_a_page_with_a_form_does(
    fresh: Settings,
) -> None:
    async with gateway_client(fresh) as client:
        document = await client.get("/api/v1/openapi.json")
        assert document.status == 200
        assert not [c for c in document.headers.getall("Set-Cookie", []) if "csrf" in c]
        page = await client.get("/entrar")
        [cookie] = [c for c in page.headers.getall("Set-Cookie") if "csrf" in c]
        assert cookie.startswith("conoceles_csrf=")
        again = await client.get("/entrar")  # the browser sends it back: it is kept
        assert not [c for c in again.headers.getall("Set-Cookie", []) if "csrf" in c]
