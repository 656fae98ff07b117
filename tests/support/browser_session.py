"""A browser in tests: HTML pages read with cookies, forms posted with their CSRF token.

The test client keeps cookies (its jar accepts 127.0.0.1), so a GET sets the CSRF cookie
and a form carries the same value in its hidden ``csrf`` field, as a browser's would.
"""

import html
import re
from typing import Any

import aiohttp
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from services.accounts.bootstrap import ensure_first_admin
from services.runtime.settings import Settings
from tests.support.accounts import STRONG_PASSWORD, activate, next_totp, totp_now


def hidden(page: str, name: str) -> str:
    """The value of the hidden input ``name`` in ``page``."""
    found = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)"', page)
    assert found is not None, f"no hidden input {name!r} in the page"
    return html.unescape(found.group(1))


def texts(page: str, css_class: str) -> list[str]:
    """The text of every ``<code class="css_class">`` in ``page``."""
    pattern = rf'<code class="{re.escape(css_class)}">([^<]*)</code>'
    return [html.unescape(text) for text in re.findall(pattern, page)]


async def read(client: TestClient[Any, Any], path: str) -> tuple[int, str]:
    response = await client.get(path)
    return response.status, await response.text()


async def csrf_token(client: TestClient[Any, Any]) -> str:
    """The CSRF token of this browser's session, as every form shows it."""
    _, page = await read(client, "/entrar")
    return hidden(page, "csrf")


async def submit(client: TestClient[Any, Any], path: str, data: dict[str, str]) -> ClientResponse:
    """Post a form as a browser would, without following its redirect."""
    form = {"csrf": await csrf_token(client), **data}
    return await client.post(path, data=form, allow_redirects=False)


async def sign_in_page(
    client: TestClient[Any, Any], user: str, totp: str = "", password: str = STRONG_PASSWORD
) -> ClientResponse:
    return await submit(
        client, "/entrar", {"usuario": user, "contrasena": password, "codigo_totp": totp}
    )


async def activate_page(client: TestClient[Any, Any], code: str) -> ClientResponse:
    return await submit(
        client,
        "/activar",
        {"codigo": code, "contrasena": STRONG_PASSWORD, "confirmacion": STRONG_PASSWORD},
    )


def has_cookie(client: TestClient[Any, Any], name: str) -> bool:
    return any(cookie.key == name for cookie in client.session.cookie_jar)


async def signed_in_admin_page(settings: Settings, client: TestClient[Any, Any]) -> str:
    """The first admin, activated over the API and signed in through the sign-in page (its
    cookies in the client's jar); returns the admin's TOTP secret."""
    first = await ensure_first_admin(settings)
    assert first is not None
    activated = await activate(client, first.codigo)
    secret = activated["totp"]["secret"]
    confirm = await client.post(
        "/api/v1/activacion/segundo-factor",
        json={"ticket": activated["totp"]["ticket"], "codigo_totp": totp_now(secret)},
    )
    assert confirm.status == 204, await confirm.text()
    signed_in = await sign_in_page(client, first.usuario, next_totp(secret))
    assert signed_in.status == 303, await signed_in.text()
    return str(secret)


async def post(
    client: TestClient[Any, Any], path: str, fields: list[tuple[str, str]]
) -> ClientResponse:
    """A form with repeated names (lists, checkboxes), posted as a browser would."""
    token = await csrf_token(client)
    return await client.post(path, data=[("csrf", token), *fields], allow_redirects=False)


async def upload(
    client: TestClient[Any, Any], path: str, content: bytes, **fields: str
) -> ClientResponse:
    form = aiohttp.FormData()
    form.add_field("csrf", await csrf_token(client))
    for name, value in fields.items():
        form.add_field(name, value)
    form.add_field("archivo", content, filename="archivo", content_type="application/octet-stream")
    return await client.post(path, data=form, allow_redirects=False)


def as_form(answers: dict[str, Any]) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for name, value in answers.items():
        if name != "fotografia":  # the photo has its own upload form
            fields += (
                [(name, item) for item in value] if isinstance(value, list) else [(name, value)]
            )
    return fields
