"""A change request that reached the institute on paper or by e-mail, and the period
requests are filed in, over the real bus (000 §5.4, 001 §31-32, 002 §II.C, 003 §30,
004 §31): the admin enters what the supervisor presented at the oficialía de partes,
naming who presented it and when it was received; it is due from that moment, it is the
candidacy's one request, and the activity log names the admin and the presenter. After
the last day the election sets, the party's request is refused, and so is one received
after it — but one received in time is entered."""

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient

from contracts.business_days import next_business_day_closes
from contracts.spanish_dates import long_date
from services.accounts.service import definition as accounts
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.service_host import ServiceHost
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.capture import ELECTION
from tests.support.change_requests import (
    NEW_PROPOSAL,
    file_request,
    moderation_knows_validated,
    notice,
    notices_of,
    validated_under,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
MONTERREY = ZoneInfo("America/Monterrey")
CHANGES = {"propuesta_2": NEW_PROPOSAL}
PRESENTER = "Laura Gómez Ibarra, supervisora del PAN"


async def enter_received(
    client: Client, admin: str, received_at: dt.datetime, via: str = "oficialia_de_partes"
) -> tuple[int, dict[str, Any]]:
    response = await client.post(
        "/api/v1/candidaturas/F-PAN-1/solicitud-cambio",
        headers=bearer(admin),
        json={
            "cambios": CHANGES,
            "nota": "Escrito con folio 123.",
            "recepcion": {
                "via": via,
                "presentada_por": PRESENTER,
                "recibida_el": received_at.isoformat(),
            },
        },
    )
    return response.status, dict(await response.json())


async def listing(client: Client, token: str) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/elecciones/{ELECTION}/solicitudes-cambio", headers=bearer(token)
    )
    return dict(await response.json())


async def activity_of_filing(host: ServiceHost) -> list[dict[str, Any]]:
    rows = await host.pool.fetch(
        "SELECT envelope FROM outbox WHERE envelope->>'type' = 'activity.recorded' ORDER BY seq"
    )
    entries = [json.loads(row["envelope"])["data"] for row in rows]
    return [e for e in entries if e["action"] == "change_request.file" and e["outcome"] == "ok"]


async def period_ends(client: Client, admin: str, last_day: dt.date) -> None:
    """The admin sets the election's last day for change requests; moderation hears it."""
    config = {**demo_config().model_dump(mode="json"), "profile": "nuevo-leon"}
    config["calendar"]["change_requests_until"] = last_day.isoformat()
    response = await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)
    assert response.ok, await response.text()
    await eventually(
        lambda: listing(client, admin),
        lambda body: body.get("filing_until") == last_day.isoformat(),
        what="moderation knows the filing period",
    )


async def test_the_admin_enters_a_request_received_at_the_oficialia_due_from_its_arrival(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation) as (_, _, moderating),
        gateway_client(fresh) as client,
    ):
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor = people["admin"], people["supervisor"]
        await moderation_knows_validated(fresh, "F-PAN-1")

        status, own = await file_request(client, admin, "F-PAN-1", CHANGES)
        assert status == 403
        assert "diga quién la presentó, cómo llegó y cuándo se recibió" in own["detail"]
        now = dt.datetime.now(MONTERREY)
        status, ahead = await enter_received(client, admin, now + dt.timedelta(hours=2))
        assert status == 409 and "aún no llega" in ahead["detail"]
        status, by_party = await enter_received(client, supervisor, now)
        assert status == 403
        assert "Solo la administración del Instituto registra" in by_party["detail"]
        status, bad = await enter_received(client, admin, now, via="fax")
        assert status == 422 and bad["type"].endswith("solicitud-invalida"), bad

        received = (now - dt.timedelta(days=3)).replace(hour=10, minute=15, second=0, microsecond=0)
        status, entered = await enter_received(client, admin, received)
        assert status == 200, entered
        assert entered["received_via"] == "oficialia_de_partes"
        assert entered["presented_by"] == PRESENTER
        assert dt.datetime.fromisoformat(entered["received_at"]) == received
        assert dt.datetime.fromisoformat(entered["filed_at"]) > received
        non_working = demo_config().calendar.non_working_days
        expected_due = next_business_day_closes(received, "America/Monterrey", non_working)
        assert dt.datetime.fromisoformat(entered["due_at"]) == expected_due
        assert entered["filed_role"] == "admin"

        [theirs] = (await listing(client, supervisor))["requests"]
        assert theirs["request_id"] == entered["request_id"]
        status, second = await file_request(client, supervisor, "F-PAN-1", CHANGES)
        assert status == 409 and "una sola, por única ocasión" in second["detail"]

        [entry] = await activity_of_filing(moderating)
        assert entry["actor"]["account_id"] == entered["filed_by"]
        assert entry["actor"]["role"] == "admin"
        assert entry["detail"]["presentada_por"] == PRESENTER
        assert entry["detail"]["via"] == "oficialia_de_partes"
        assert dt.datetime.fromisoformat(entry["detail"]["recibida_el"]) == received

        # The party's liaison, not the admin who typed it in, hears what became of it.
        rejects = f"/api/v1/solicitudes-cambio/{entered['request_id']}/rechazo"
        reason = "El escrito no trae la firma de la supervisión."
        rejected = await client.post(rejects, headers=bearer(admin), json={"motivo": reason})
        assert rejected.status == 200, await rejected.text()
        heard = await notice(client, supervisor, "El Instituto rechazó la solicitud de cambio")
        assert reason in heard["body"]
        assert not any(
            n["subject"].startswith("El Instituto rechazó")
            for n in await notices_of(client, people["capturist"])
        )


async def test_after_the_filing_period_a_request_is_refused_unless_received_in_time(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_under(client, fresh, "nuevo-leon")
        admin, supervisor = people["admin"], people["supervisor"]
        await moderation_knows_validated(fresh, "F-PAN-1")
        assert (await listing(client, admin))["filing_until"] is None

        yesterday = dt.datetime.now(MONTERREY).date() - dt.timedelta(days=1)
        await period_ends(client, admin, yesterday)
        closed = (
            f"El plazo para presentar solicitudes de cambio terminó el {long_date(yesterday)}: "
            "los lineamientos no admiten solicitudes después de ese día."
        )
        status, late = await file_request(client, supervisor, "F-PAN-1", CHANGES)
        assert status == 409 and late["detail"] == closed, late
        status, late_mail = await enter_received(
            client, admin, dt.datetime.now(MONTERREY), via="correo_electronico"
        )
        assert status == 409 and late_mail["detail"] == closed

        in_time = dt.datetime.combine(yesterday, dt.time(18, 30), tzinfo=MONTERREY)
        status, entered = await enter_received(client, admin, in_time, via="correo_electronico")
        assert status == 200, entered
        assert entered["received_via"] == "correo_electronico"
        assert [r["request_id"] for r in (await listing(client, supervisor))["requests"]] == [
            entered["request_id"]
        ]
