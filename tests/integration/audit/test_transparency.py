"""A party or a candidate reads the entries about its own candidacies, no one else's;
admins verify the whole log on demand."""

from typing import Any

import pytest

from contracts.activity import ActivityTarget, Outcome
from contracts.events.capture import CANDIDACY_REGISTERED
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.runtime import database
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings
from tests.support.accounts import (
    activate,
    bearer,
    configure_election,
    register_candidacy,
    sign_in,
    signed_in_admin,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def capture_records_about(settings: Settings, candidacy_id: str, action: str) -> None:
    """An action of capture's on a candidacy, through capture's own outbox (as capture
    will record its saves), relayed by a relay of capture's."""
    pool = await database.create_pool(settings, "capture", max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await record_activity(
                conn,
                Outbox(settings, "capture"),
                action=action,
                outcome=Outcome.OK,
                target=ActivityTarget(kind="candidacy", id=candidacy_id),
            )
    finally:
        await pool.close()


async def test_a_party_sees_only_entries_about_its_own_candidacies(fresh: Settings) -> None:
    from services.capture.service import definition as capture

    assert CANDIDACY_REGISTERED.producer == "capture"
    async with running(fresh, accounts, audit, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)
        await register_candidacy(fresh, "c-pan-1", "pan", "Rosa Elena Ávila")
        await register_candidacy(fresh, "c-mor-1", "morena", "Jorge Iñiguez")
        await capture_records_about(fresh, "c-pan-1", "questionnaire.save")
        await capture_records_about(fresh, "c-mor-1", "questionnaire.save")

        issued = await client.post(
            "/api/v1/cuentas/ambito",
            headers=bearer(admin),
            json={
                "election_id": "pel-2027",
                "scope": {"kind": "party", "id": "pan"},
                "supervisores": [{"nombre": "Supervisión PAN"}],
            },
        )
        supervisor = next(a for a in (await issued.json())["accounts"] if a["role"] == "supervisor")
        await activate(client, supervisor["codigo"])
        token = (await (await sign_in(client, supervisor["usuario"])).json())["access_token"]

        async def own_entries() -> dict[str, Any]:
            response = await client.get("/api/v1/auditoria/entradas", headers=bearer(token))
            assert response.status == 200, await response.text()
            return dict(await response.json())

        page = await eventually(own_entries, lambda p: p["total"] >= 1, what="own entries")
        assert {e["target_id"] for e in page["entries"]} == {"c-pan-1"}

        verdict = await client.post("/api/v1/auditoria/verificacion", headers=bearer(admin))
        assert verdict.status == 200
        result = await verdict.json()
        assert result["intact"] is True and result["message"].startswith("OK: ")
        refused = await client.post("/api/v1/auditoria/verificacion", headers=bearer(token))
        assert refused.status == 403
