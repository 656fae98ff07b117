"""Every page and file — pages, an API reply, a static file, an error — carries a
Content-Security-Policy with no inline script, nosniff, a Referrer-Policy and no server
version; what a signed-in person receives is never stored by a cache."""

import re
from pathlib import Path

import pytest

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import bearer, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)
TEMPLATES = Path(__file__).resolve().parents[3] / "services" / "gateway" / "templates"
ANONYMOUS = [
    "/",
    "/entrar",
    "/activar",
    "/aviso-de-privacidad",
    "/static/conoceles.css",
    "/no-existe",
    "/api/v1/auditoria/llave-publica",
    "/api/v1/openapi.json",
]
SIGNED_IN = ["/avisos", "/consola/cuentas", "/consola/bitacora", "/api/v1/cuentas", "/captura"]


def assert_protected(path: str, headers: dict[str, str]) -> None:
    policy = headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";") if d.strip())
    assert directives.get("default-src") == "'self'", (path, policy)
    assert directives.get("frame-ancestors") == "'none'", (path, policy)
    assert "'unsafe-inline'" not in policy, (path, policy)
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer"), path
    server = headers.get("Server", "")
    assert not re.search(r"\d", server) and "aiohttp" not in server.lower(), (path, server)


async def test_every_kind_of_response_carries_the_security_headers(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        for path in ANONYMOUS:
            response = await client.get(path, allow_redirects=False)
            assert response.status in (200, 404), path
            assert_protected(path, dict(response.headers))
        admin, _ = await signed_in_admin(fresh, client)
        for path in SIGNED_IN:
            response = await client.get(path, headers=bearer(admin), allow_redirects=False)
            assert_protected(path, dict(response.headers))
            assert response.headers.get("Cache-Control") == "no-store", path


def test_no_template_runs_inline_script_or_style() -> None:
    """What the policy refuses must not be needed: no inline script, style or handler."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", text), template
