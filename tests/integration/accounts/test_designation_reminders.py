"""The supervisor is designated before the campaigns start (000 §4.1, 001 §24,
002 §II.B.1, 003 §23, 004 §24): the board says the last day, and within a week of it a
party that has not designated hears so once, however often the timer runs; a party that
has designated hears nothing."""

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contracts.envelope import utc_now
from contracts.spanish_dates import long_date
from services.accounts.service import definition as accounts
from services.accounts.steps.reminding import remind_designations
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import (
    ELECTION,
    bearer,
    configure_election,
    session_of,
    signed_in_admin,
)
from tests.support.capture import demo_config
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def issue(client: Any, admin: str, party: str, supervisor: dict[str, str]) -> Any:
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
    return {a["role"]: a for a in (await issued.json())["accounts"]}


async def notices_of(client: Any, token: str) -> list[dict[str, Any]]:
    return list(
        (await (await client.get("/api/v1/avisos", headers=bearer(token))).json())["notices"]
    )


async def test_a_party_without_supervisor_is_reminded_once_before_the_campaigns(
    fresh: Settings,
) -> None:
    today = utc_now().astimezone(ZoneInfo("America/Monterrey")).date()
    start = today + timedelta(days=4)
    async with running(fresh, accounts) as hosts, gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin, campaigns_start=start)
        pan = await issue(client, admin, "pan", {"nombre": "Lucía Peña", "correo": "l@pan.mx"})
        morena = await issue(client, admin, "morena", {"nombre": "Supervisión sin contacto"})
        told, untold = (
            await session_of(client, morena["capturist"]),
            await session_of(client, pan["capturist"]),
        )
        rows = {
            row["scope"]["id"]: row
            for row in (await (await client.get("/api/v1/entregas", headers=bearer(admin))).json())[
                "deliveries"
            ]
        }
        last = start - timedelta(days=1)
        assert rows["morena"]["designate_by"] == last.isoformat()
        console = await (await client.get("/consola/cuentas", headers=bearer(admin))).text()
        assert (
            f"antes del inicio de las campañas, a más tardar el\n          {long_date(last)}"
            in console
        )

        deps = hosts[0].deps
        assert deps is not None
        far = utc_now() - timedelta(days=30)  # a month earlier: not yet
        async with deps.pool.acquire() as conn:
            assert await remind_designations(conn, far) == 0
            assert await remind_designations(conn, utc_now()) == 1
            assert await remind_designations(conn, utc_now()) == 0  # once
        [notice] = await notices_of(client, told)
        assert notice["subject"] == "Falta designar a la supervisión"
        assert long_date(last) in notice["body"]
        assert await notices_of(client, untold) == []


async def test_without_a_campaign_start_nobody_is_reminded(fresh: Settings) -> None:
    async with running(fresh, accounts) as hosts, gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        await configure_election(fresh, client, admin)
        await issue(client, admin, "morena", {"nombre": "Supervisión sin contacto"})
        deps = hosts[0].deps
        assert deps is not None
        async with deps.pool.acquire() as conn:
            assert await remind_designations(conn, utc_now()) == 0
        board = await (await client.get("/api/v1/entregas", headers=bearer(admin))).json()
        assert {row["designate_by"] for row in board["deliveries"]} == {None}


async def test_the_calendar_the_institute_configures_brings_the_deadline(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        config = demo_config().model_dump(mode="json")
        config["calendar"]["campaigns_start"] = "2027-04-04"
        configured = await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)
        assert configured.status == 200, await configured.text()

        async def board() -> list[dict[str, Any]]:
            response = await client.get("/api/v1/entregas", headers=bearer(admin))
            return list((await response.json())["deliveries"])

        rows = await eventually(board, lambda b: bool(b), what="accounts know the election")
        parties = [row for row in rows if row["scope"]["kind"] == "party"]
        assert parties and {row["designate_by"] for row in parties} == {"2027-04-03"}
