"""A browser whose access token has expired is renewed on the way through, whatever the
request's answer: a refused request must not lose the renewed cookies (the next request
would reuse the spent refresh token and end the session), and a cookie that is not a
refresh token at all is no session, not a server error."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.gateway.sessions import ACCESS_COOKIE, REFRESH_COOKIE
from services.runtime.settings import Settings
from tests.support.browser_session import read, signed_in_admin_page
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)


def expire_access(client: TestClient[Any, Any]) -> None:
    """As if the ten-minute access token had run out: only the refresh cookie counts."""
    client.session.cookie_jar.clear(lambda cookie: cookie.key == ACCESS_COOKIE)


async def test_a_refused_request_keeps_the_renewed_session(fresh: Settings) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        await signed_in_admin_page(fresh, client)
        expire_access(client)
        refused = await client.get(
            "/api/v1/cuentas/no-existe", headers={"Accept": "application/json"}
        )
        assert refused.status == 404  # renewed, then refused by the service
        assert ACCESS_COOKIE in refused.cookies  # the renewed session travels with it

        status, page = await read(client, "/consola/cuentas")
        assert status == 200, page  # still signed in: the renewed cookies were kept


async def test_a_refresh_cookie_that_is_no_token_is_no_session(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        client.session.cookie_jar.update_cookies({REFRESH_COOKIE: "x" * 3000})
        response = await client.get("/avisos", allow_redirects=False)
        assert response.status < 500, await response.text()
        assert response.status in (303, 401)
