"""Capture windows: the delivery of a party's accounts opens 15 days for its candidacies
(in the institute's time zone); a substitute gets 5; reminders reach the party's inboxes
once, 3 days and 1 day before the close; a closed window is flagged overdue."""

import datetime as dt
from typing import Any

import asyncpg
import pytest

from services.accounts.service import definition as accounts
from services.capture.domain.deadlines import window_closes
from services.capture.service import definition as capture
from services.capture.timers import send_reminders
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, election_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import as_csv, demo_rows, person
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


async def listed(client: Any, token: str) -> dict[str, dict[str, Any]]:
    response = await client.get("/api/v1/candidaturas", headers=bearer(token))
    return {c["candidacy_id"]: c for c in (await response.json())["candidacies"]}


async def test_delivery_opens_the_window_and_a_substitute_gets_five_days(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        await issue_party(client, admin, "pan", ELECTION)
        assert (await listed(client, admin))["F-PAN-1"]["deadline_at"] is None
        delivered = await client.post(
            "/api/v1/entregas",
            headers=bearer(admin),
            json={"election_id": ELECTION, "scope_kind": "party", "scope_id": "pan"},
        )
        delivered_at = dt.datetime.fromisoformat((await delivered.json())["delivered_at"])

        rows = await eventually(
            lambda: listed(client, admin),
            lambda c: c["F-PAN-1"]["deadline_at"] is not None,
            what="window opened",
        )
        expected = window_closes(delivered_at, 15, "America/Monterrey")
        assert dt.datetime.fromisoformat(rows["F-PAN-1"]["deadline_at"]) == expected
        assert rows["F-MC-1"]["deadline_at"] is None  # MC's accounts not delivered yet

        substitute = [
            *demo_rows(),
            person("F-PAN-2", "propietaria", "Elena", "Garza", sustituye_a="F-PAN-1"),
        ]
        substitute[0]["estatus"] = substitute[1]["estatus"] = "sustituida"
        imported = await client.post(
            f"/api/v1/elecciones/{ELECTION}/registro",
            params={"formato": "csv"},
            data=as_csv(substitute),
            headers=bearer(admin),
        )
        assert imported.status == 200, await imported.text()
        rows = await listed(client, admin)
        opened = dt.datetime.fromisoformat(rows["F-PAN-2"]["deadline_at"])
        assert dt.timedelta(days=5) < opened - delivered_at < dt.timedelta(days=7)


async def test_reminders_reach_the_party_once_and_late_drafts_are_flagged(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture) as hosts, gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, pan["capturist"])
        conn = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            await conn.execute(
                "UPDATE capture.candidacies SET deadline_at = now() + interval '20 hours' "
                "WHERE candidacy_id = 'F-PAN-1'; UPDATE capture.candidacies SET deadline_at = "
                "now() - interval '1 hour' WHERE candidacy_id = 'F-MC-1'"
            )
        finally:
            await conn.close()
        capture_deps = hosts[1].deps
        await send_reminders(capture_deps)
        await send_reminders(capture_deps)  # a repeated tick

        inbox = await (await client.get("/api/v1/avisos", headers=bearer(capturist))).json()
        subjects = [n["subject"] for n in inbox["notices"]]
        assert subjects == ["La captura de la candidatura F-PAN-1 cierra mañana"]
        rows = await listed(client, admin)
        assert rows["F-MC-1"]["overdue"] is True and rows["F-PAN-1"]["overdue"] is False
