"""Rotating the token signing key: tokens of the old key keep working until they expire,
tokens of the new key work at once (the gateway fetches keys it has not seen)."""

import pytest

from contracts.envelope import utc_now
from services.accounts.service import definition as accounts
from services.accounts.steps.rotating import rotate
from services.runtime import database
from services.runtime.settings import Settings
from services.runtime.tokens import token_kid
from tests.support.accounts import activate, bearer, sign_in, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(120)


async def test_tokens_of_the_old_and_the_new_key_both_verify(fresh: Settings) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        old_token, _ = await signed_in_admin(fresh, client)
        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(old_token),
            json={"rol": "ine", "nombre": "INE", "usuario": "ine.llaves"},
        )
        await activate(client, (await issued.json())["accounts"][0]["codigo"])
        pool = await database.create_pool(fresh, "accounts", max_size=1)
        try:
            async with pool.acquire() as conn:
                new_key = await rotate(conn, fresh, utc_now())
        finally:
            await pool.close()

        response = await sign_in(client, "ine.llaves")
        assert response.status == 200, await response.text()
        new_token = (await response.json())["access_token"]
        assert token_kid(new_token) == new_key.kid != token_kid(old_token)

        for token in (old_token, new_token):
            assert (await client.get("/api/v1/avisos", headers=bearer(token))).status == 200
