"""The institute never loses its last admin by a click: revoking, reissuing or demoting
the last active admin is refused (and logged); with a second admin active it works."""

from typing import Any

import pytest

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, signed_in_admin, staff_session
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def account_of(client: Any, token: str, user: str) -> dict[str, Any]:
    listing = await client.get("/api/v1/cuentas", headers=bearer(token))
    assert listing.status == 200, await listing.text()
    [account] = [a for a in (await listing.json())["accounts"] if a["usuario"] == user]
    return dict(account)


async def test_the_last_active_admin_cannot_revoke_reissue_or_demote_itself(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, audit), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        me = await account_of(client, admin, "admin")
        for path, body in (
            ("revocacion", None),
            ("reemision", None),
            ("rol", {"rol": "verifier"}),
        ):
            refused = await client.post(
                f"/api/v1/cuentas/{me['account_id']}/{path}", headers=bearer(admin), json=body
            )
            assert refused.status == 409, await refused.text()
            problem = await refused.json()
            assert refused.content_type == "application/problem+json"
            assert "última cuenta de administración activa" in problem["detail"]

        still = await account_of(client, admin, "admin")
        assert still["status"] == "active" and still["role"] == "admin"
        assert (await client.get("/api/v1/avisos", headers=bearer(admin))).status == 200

        async def refusals() -> dict[str, Any]:
            return await audit_search(
                fresh, EntrySearch(accion="account.revoke", resultado="invalid")
            )

        found = await eventually(refusals, lambda p: p["total"] >= 1, what="refusal logged")
        assert found["entries"][0]["account_id"] == me["account_id"]


async def test_with_a_second_active_admin_one_admin_may_revoke_the_other(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        second = await staff_session(client, admin, "admin")
        me = await account_of(client, admin, "admin")
        revoked = await client.post(
            f"/api/v1/cuentas/{me['account_id']}/revocacion", headers=bearer(second)
        )
        assert revoked.status == 200, await revoked.text()
        assert (await revoked.json())["status"] == "revoked"

        other = await account_of(client, second, "admin.matriz")
        last = await client.post(
            f"/api/v1/cuentas/{other['account_id']}/revocacion", headers=bearer(second)
        )
        assert last.status == 409
