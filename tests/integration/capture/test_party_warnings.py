"""The supervisor warns its party's capture of questionnaires that are incomplete or do
not follow the rules, naming the fields (Zacatecas, 002 §II.B.1.II): the party's capture
and the candidacy's own account read it in their notices, another party hears nothing,
the warning is in the activity log, and a process that does not provide it refuses it in
Spanish."""

from typing import Any

import pytest

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, issue_party, session_of
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)
WARNING = {"campos": ["propuesta_1", "trayectoria_politica"], "nota": "Menciona a otro partido."}


async def notices_of(client: Any, token: str) -> list[dict[str, Any]]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return list((await inbox.json())["notices"])


async def own_account(client: Any, admin: str) -> dict[str, Any]:
    """The candidacy's own account (Zacatecas gives one), with a fresh code."""
    listed = await (await client.get("/api/v1/cuentas", headers=bearer(admin))).json()
    account = next(a for a in listed["accounts"] if a["nombre"] == "María Fernanda Ávila Núñez")
    reissued = await client.post(
        f"/api/v1/cuentas/{account['account_id']}/reemision", headers=bearer(admin)
    )
    return dict((await reissued.json())["accounts"][0])


async def test_zacatecas_supervisor_warns_the_party_capture_of_the_fields_named(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "zacatecas")
        pan = await issue_party(client, admin, "pan", ELECTION)
        mc = await issue_party(client, admin, "mc", ELECTION)
        capturist = await session_of(client, pan["capturist"])
        supervisor = await session_of(client, pan["supervisor"])
        other = await session_of(client, mc["capturist"])
        candidate = await session_of(client, await own_account(client, admin))
        address = "/api/v1/candidaturas/F-PAN-1/advertencia"

        summary = await client.get("/api/v1/candidaturas/F-PAN-1", headers=bearer(supervisor))
        assert (await summary.json())["warns_party"] is True
        by_capture = await client.post(address, headers=bearer(capturist), json=WARNING)
        assert by_capture.status == 403
        assert "supervisión" in (await by_capture.json())["detail"]
        unknown = await client.post(
            address, headers=bearer(supervisor), json={"campos": ["no_existe"], "nota": "x"}
        )
        assert unknown.status == 422

        warned = await client.post(address, headers=bearer(supervisor), json=WARNING)
        assert warned.status == 204, await warned.text()
        [notice] = await eventually(
            lambda: notices_of(client, capturist), lambda n: len(n) >= 1, what="capture warned"
        )
        assert notice["subject"] == "Advertencia de la supervisión: campos por revisar"
        assert "María Fernanda Ávila Núñez" in notice["body"]
        assert "Menciona a otro partido." in notice["body"]
        assert "«Trayectoria política y/o participación social" in notice["body"]  # its label
        assert await notices_of(client, other) == []  # another party hears nothing
        own = await eventually(
            lambda: notices_of(client, candidate), lambda n: len(n) >= 1, what="candidacy warned"
        )
        assert [n["subject"] for n in own] == [notice["subject"]]

        logged = await eventually(
            lambda: audit_search(fresh, EntrySearch(accion="candidacy.warn_party")),
            lambda p: bool(p["entries"]),
            what="the warning logged",
        )
        assert {(e["role"], e["outcome"]) for e in logged["entries"]} >= {("supervisor", "ok")}

        await capture_all(client, capturist, "F-PAN-1")
        assert (await submit(client, capturist, "F-PAN-1", confirm=True)).status == 200
        again = await client.post(address, headers=bearer(supervisor), json=WARNING)
        assert again.status == 204  # submitted: the supervision still puts it right
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()
        late = await client.post(address, headers=bearer(supervisor), json=WARNING)
        assert late.status == 409
        assert "solicitud de cambio" in (await late.json())["detail"]


async def test_a_process_without_warnings_refuses_them(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        supervisor = await session_of(client, pan["supervisor"])
        summary = await client.get("/api/v1/candidaturas/F-PAN-1", headers=bearer(supervisor))
        assert (await summary.json())["warns_party"] is False
        refused = await client.post(
            "/api/v1/candidaturas/F-PAN-1/advertencia", headers=bearer(supervisor), json=WARNING
        )
        assert refused.status == 409
        assert (await refused.json())["detail"] == (
            "Este proceso no prevé que la supervisión envíe advertencias a la captura."
        )
