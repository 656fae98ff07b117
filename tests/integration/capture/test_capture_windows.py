"""Capture windows: the delivery of a party's accounts opens 15 days for its candidacies
(in the institute's time zone); a substitute gets 5 from the delivery of its own accounts;
reminders reach the party's inboxes once, 3 days and 1 day before the close; a closed
window is flagged overdue, and refuses saving and submitting until the institute extends
it, with a reason the party reads."""

import datetime as dt
from typing import Any

import asyncpg
import pytest

from contracts.activity import Outcome
from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.domain.deadlines import window_closes
from services.capture.service import definition as capture
from services.capture.timers import send_reminders
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, issue_party, session_of
from tests.support.capture import (
    CURRICULAR,
    ELECTION,
    capture_all,
    close_window,
    election_under,
    path,
    submit,
)
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
        pan = rows["F-PAN-1"]  # a stable code for programs, and the words a person reads
        assert (pan["capture_status"], pan["capture_status_label"]) == ("draft", "borrador")

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
        assert (await listed(client, admin))["F-PAN-2"]["deadline_at"] is None  # no accounts yet

        async def board() -> list[dict[str, Any]]:
            got = await client.get("/api/v1/entregas", headers=bearer(admin))
            return list((await got.json())["deliveries"])

        pending = await eventually(
            board,
            lambda rows: any(d["candidacy_id"] == "F-PAN-2" for d in rows),
            what="the substitute awaits its accounts on the board",
        )
        row = next(d for d in pending if d["candidacy_id"] == "F-PAN-2")
        assert row["name"] == "Sustitución: Elena Garza" and row["state"] == "pendiente"
        handed = {
            "election_id": ELECTION,
            "scope_kind": "party",
            "scope_id": "pan",
            "candidacy_id": "F-PAN-2",
        }
        not_one = await client.post(
            "/api/v1/entregas", headers=bearer(admin), json={**handed, "candidacy_id": "F-MC-1"}
        )
        assert not_one.status == 409  # not a substitute of this party
        to_substitute = await client.post("/api/v1/entregas", headers=bearer(admin), json=handed)
        assert to_substitute.status == 200, await to_substitute.text()
        handed_at = dt.datetime.fromisoformat((await to_substitute.json())["delivered_at"])
        rows = await eventually(
            lambda: listed(client, admin),
            lambda c: c["F-PAN-2"]["deadline_at"] is not None,
            what="the substitute's window opened",
        )
        expected_close = window_closes(handed_at, 5, "America/Monterrey")
        assert dt.datetime.fromisoformat(rows["F-PAN-2"]["deadline_at"]) == expected_close
        again = await client.post("/api/v1/entregas", headers=bearer(admin), json=handed)
        assert again.status == 409 and "UTC" not in (await again.json())["detail"]


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
        body = inbox["notices"][0]["body"]
        assert "a las 23:59 (hora del centro de México)" in body  # Nuevo León's time
        assert "UTC" not in body and "§" not in body
        rows = await listed(client, admin)
        assert rows["F-MC-1"]["overdue"] is True and rows["F-PAN-1"]["overdue"] is False


SAVE = {"respuestas": {"historia_profesional_laboral": CURRICULAR["historia_profesional_laboral"]}}


async def test_a_closed_window_refuses_saving_and_submitting_until_the_institute_extends_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, pan["capturist"])
        await capture_all(client, capturist, "F-PAN-1")  # complete: only the window stops it
        # Monterrey is UTC-6: 06:00 UTC on 2 December is midnight ending 1 December there.
        await close_window(fresh, "F-PAN-1", "2026-12-02T06:00:00+00:00")

        late = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(capturist),
            json={"respuestas": {"historia_profesional_laboral": "Otro texto que ya no entra."}},
        )
        assert late.status == 409
        detail = (await late.json())["detail"]
        assert "terminó el martes 1 de diciembre de 2026 a las 23:59" in detail
        assert "hora del centro de México" in detail and "§" not in detail
        assert (await submit(client, capturist, "F-PAN-1", True)).status == 409
        kept = await client.get(path("F-PAN-1", "curricular"), headers=bearer(capturist))
        kept_text = (await kept.json())["respuestas"]["historia_profesional_laboral"]
        assert kept_text == CURRICULAR["historia_profesional_laboral"].strip()

        extension = {
            "candidacy_id": "F-PAN-1",
            "hasta": (dt.date.today() + dt.timedelta(days=3)).isoformat(),
            "motivo": "La candidata estuvo hospitalizada durante el plazo.",
        }
        prorrogas = f"/api/v1/elecciones/{ELECTION}/prorrogas"
        by_party = await client.post(prorrogas, headers=bearer(capturist), json=extension)
        assert by_party.status == 403
        both = await client.post(
            prorrogas, headers=bearer(admin), json={**extension, "partido": "pan"}
        )
        assert both.status == 422
        past = await client.post(
            prorrogas, headers=bearer(admin), json={**extension, "hasta": "2026-01-01"}
        )
        assert past.status == 409
        extended = await client.post(prorrogas, headers=bearer(admin), json=extension)
        assert extended.status == 200, await extended.text()
        assert (await extended.json())["candidacies"] == ["F-PAN-1"]

        again = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(capturist), json=SAVE
        )
        assert again.status == 200, await again.text()
        sent = await submit(client, capturist, "F-PAN-1", True)
        assert (await sent.json())["submitted"] is True
        rows = await listed(client, admin)
        assert rows["F-PAN-1"]["overdue"] is False

        async def inbox() -> list[dict[str, Any]]:
            got = await client.get("/api/v1/avisos", headers=bearer(capturist))
            return list((await got.json())["notices"])

        notices = await eventually(
            inbox,
            lambda n: any(x["subject"] == "Se amplió el plazo de captura" for x in n),
            what="the party told of the extension",
        )
        told = next(x for x in notices if x["subject"] == "Se amplió el plazo de captura")
        assert "hospitalizada" in told["body"] and "María" in told["body"]

        async def logged() -> Any:
            return await audit_search(
                fresh, EntrySearch(accion="window.extend", resultado=Outcome.OK)
            )

        entries = await eventually(logged, lambda p: p["total"] == 1, what="extension logged")
        assert "hospitalizada" in str(entries["entries"][0]["detail"])


async def test_a_party_extension_reaches_every_draft_of_the_party_whose_window_opened(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        for candidacy in ("F-PAN-1", "F-MC-1"):
            await close_window(fresh, candidacy, "2026-12-02T06:00:00+00:00")
        extended = await client.post(
            f"/api/v1/elecciones/{ELECTION}/prorrogas",
            headers=bearer(admin),
            json={
                "partido": "pan",
                "hasta": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
                "motivo": "Falla del sistema reportada en la bitácora de incidentes.",
            },
        )
        assert extended.status == 200, await extended.text()
        rows = await listed(client, admin)
        pan = [c for c in rows.values() if c["capturing_party"] == "pan"]
        assert pan and all(c["overdue"] is False for c in pan)
        assert rows["F-MC-1"]["overdue"] is True  # another party's window stays closed
        shorter = await client.post(
            f"/api/v1/elecciones/{ELECTION}/prorrogas",
            headers=bearer(admin),
            json={
                "candidacy_id": "F-PAN-1",
                "hasta": dt.date.today().isoformat(),
                "motivo": "Un plazo menor que el ya concedido.",
            },
        )
        assert shorter.status == 409  # an extension never shortens a window
