"""What is due and overdue: under a profile with a delivery deadline (002 §II.A: 3 days
after approval) the admin sees late parties; without one nothing is ever overdue. The
recorded delivery is an event (it starts the capture window, 000 §3.2)."""

from datetime import timedelta
from typing import Any

import nats
import pytest

from contracts import subjects
from contracts.accounts import CREDENTIALS_DELIVERED
from contracts.envelope import EventEnvelope, utc_now
from contracts.events.capture import (
    CANDIDACY_REGISTERED,
    CANDIDACY_WITHDRAWN,
    CandidacyRegistered,
    CandidacyWithdrawn,
    WithdrawalReason,
)
from services.accounts.service import definition as accounts
from services.runtime.settings import Settings
from tests.support.accounts import (
    ELECTION,
    activate,
    bearer,
    configure_election,
    publish_as_capture,
    sign_in,
    signed_in_admin,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def approve(settings: Settings, candidacy_id: str, party: str | None, days_ago: int) -> None:
    await publish_as_capture(
        settings,
        CANDIDACY_REGISTERED,
        CandidacyRegistered(
            election_id=ELECTION,
            candidacy_id=candidacy_id,
            capturing_party_id=party,
            owner_name=f"Persona {candidacy_id}",
            office="Diputación MR",
            approved_at=utc_now() - timedelta(days=days_ago),
        ),
    )


async def board(client: Any, admin: str) -> dict[str, dict[str, Any]]:
    response = await client.get("/api/v1/entregas", headers=bearer(admin))
    return {row["scope"]["id"]: row for row in (await response.json())["deliveries"]}


@pytest.mark.parametrize(("deadline_days", "late_state"), [(3, "vencida"), (None, "pendiente")])
async def test_late_deliveries_show_only_where_the_profile_sets_a_deadline(
    fresh: Settings, deadline_days: int | None, late_state: str
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin, delivery_days=deadline_days)
        await approve(fresh, "c-old", "pan", days_ago=5)
        await approve(fresh, "c-new", "morena", days_ago=1)
        await approve(fresh, "c-ind", None, days_ago=1)

        rows = await eventually(
            lambda: board(client, admin),
            lambda b: "c-ind" in b and b["pan"]["accounts"] == 1,
            what="candidacies known",
        )
        assert rows["pan"]["state"] == late_state
        assert rows["morena"]["state"] == "pendiente"
        assert rows["c-ind"]["state"] == "pendiente"
        assert (rows["pan"]["due_at"] is None) == (deadline_days is None)
        console = await (await client.get("/consola/cuentas", headers=bearer(admin))).text()
        rule = "(3 días desde la aprobación de la candidatura)"
        assert (rule in " ".join(console.split())) == (deadline_days == 3)


async def test_recording_delivery_is_an_event_and_a_withdrawal_revokes_the_candidate(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)
        await approve(fresh, "c-1", "pan", days_ago=0)
        rows = await eventually(
            lambda: board(client, admin), lambda b: b["pan"]["accounts"] == 1, what="candidate"
        )
        assert rows["pan"]["state"] == "pendiente"

        nc = await nats.connect(fresh.require_nats_urls())
        subject = subjects.event_subject(
            fresh.bus_prefix, "accounts", CREDENTIALS_DELIVERED.event_type, 1
        )
        subscription = await nc.jetstream().subscribe(subject, ordered_consumer=True)
        try:
            recorded = await client.post(
                "/api/v1/entregas",
                headers=bearer(admin),
                json={"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"},
            )
            assert recorded.status == 200
            message = await subscription.next_msg(timeout=10)
            event = EventEnvelope.model_validate_json(message.data)
            assert event.data["scope"] == {"kind": "party", "id": "pan"}
        finally:
            await nc.close()
        assert (await board(client, admin))["pan"]["state"] == "entregada"

        listed = await client.get(
            "/api/v1/cuentas", headers=bearer(admin), params={"rol": "candidate"}
        )
        candidate = (await listed.json())["accounts"][0]
        # The code is on the party's receipt; a reissue hands the test a fresh one.
        reissued = await client.post(
            f"/api/v1/cuentas/{candidate['account_id']}/reemision", headers=bearer(admin)
        )
        code = (await reissued.json())["accounts"][0]["codigo"]
        await activate(client, code)
        token = (await (await sign_in(client, candidate["usuario"])).json())["access_token"]
        assert (await client.get("/api/v1/avisos", headers=bearer(token))).status == 200

        await publish_as_capture(
            fresh,
            CANDIDACY_WITHDRAWN,
            CandidacyWithdrawn(
                election_id=ELECTION,
                candidacy_id="c-1",
                reason=WithdrawalReason.SUBSTITUTED,
                replaced_by="c-2",
            ),
        )

        async def status() -> int:
            return (await client.get("/api/v1/avisos", headers=bearer(token))).status

        await eventually(status, lambda s: s == 401, what="withdrawn candidate's token refused")
        assert (await sign_in(client, candidate["usuario"])).status == 401


async def test_the_board_shows_which_parties_have_not_designated_their_supervisor(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)
        await approve(fresh, "c-ind", None, days_ago=1)
        for party, supervisor in (
            ("pan", {"nombre": "Lucía Peña Ibáñez", "correo": "lucia@pan.mx"}),
            ("morena", {"nombre": "Supervisión sin contacto"}),
        ):
            issued = await client.post(
                "/api/v1/cuentas/ambito",
                headers=bearer(admin),
                json={
                    "election_id": ELECTION,
                    "scope": {"kind": "party", "id": party},
                    "supervisores": [supervisor],
                },
            )
            assert issued.status == 200, await issued.text()
        rows = await eventually(
            lambda: board(client, admin), lambda b: "c-ind" in b, what="candidacies known"
        )
        assert rows["pan"]["supervisor_designated"] is True
        assert rows["morena"]["supervisor_designated"] is False  # no way to reach them
        assert rows["c-ind"]["supervisor_designated"] is None
        labelled = (rows["pan"]["state"], rows["pan"]["state_label"], rows["pan"]["kind_label"])
        assert labelled == ("pendiente", "Pendiente", "Partido")  # codes and what people read
        parties = {p for p, row in rows.items() if row["supervisor_designated"] is False}
        assert "morena" in parties and "pan" not in parties
        console = await client.get("/consola/cuentas", headers=bearer(admin))
        assert "falta nombre y contacto" in await console.text()
