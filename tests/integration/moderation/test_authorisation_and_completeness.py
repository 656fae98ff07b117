"""The institute's authorisation before publication (002 §II.C): Zacatecas authorises a
validated candidacy before it is published, Durango publishes what is validated; what is
published is reviewed and marked checked (000 §5.6, 004 §4.IV). Completeness (000 §5.6,
002 §I.A.IX): the institute sees who has not captured, by party and office, and one
notice reaches the party's supervisors and nobody else."""

from typing import Any

import nats
import pytest

from contracts import subjects
from contracts.envelope import EventEnvelope
from contracts.events.moderation import PUBLICATION_AUTHORISED
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of, staff_session
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import independent_session
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
OWNER = "María Fernanda Ávila Núñez"
SUBJECT = "Cuestionarios sin capturar o incompletos"


async def validated(client: Any, settings: Settings, profile: str) -> dict[str, str]:
    admin = await election_under(client, settings, profile)
    pan = await issue_party(client, admin, "pan", ELECTION)
    capturist = await session_of(client, pan["capturist"])
    supervisor = await session_of(client, pan["supervisor"])
    await capture_all(client, capturist, "F-PAN-1")
    assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
    done = await client.post("/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor))
    assert done.status == 200, await done.text()
    return {"admin": admin, "verifier": await staff_session(client, admin, "verifier")}


async def get(client: Any, token: str, path: str) -> dict[str, Any]:
    response = await client.get(path, headers=bearer(token))
    assert response.status == 200, await response.text()
    return dict(await response.json())


async def test_zacatecas_authorises_before_publication(fresh: Settings) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated(client, fresh, "zacatecas")
        verifier = people["verifier"]
        queue_path = f"/api/v1/elecciones/{ELECTION}/autorizaciones"
        published_path = f"/api/v1/elecciones/{ELECTION}/publicadas"
        queue = await eventually(
            lambda: get(client, verifier, queue_path), lambda q: q["items"], what="awaiting"
        )
        assert queue["required"] is True
        assert [(i["candidacy_id"], i["owner_name"]) for i in queue["items"]] == [
            ("F-PAN-1", OWNER)
        ]
        assert (await get(client, verifier, published_path))["items"] == []  # not yet

        nc = await nats.connect(fresh.require_nats_urls())
        announced = await nc.jetstream().subscribe(
            subjects.event_subject(
                fresh.bus_prefix, "moderation", PUBLICATION_AUTHORISED.event_type, 1
            ),
            ordered_consumer=True,
        )
        try:
            by_admin = await client.post(
                "/api/v1/candidaturas/F-PAN-1/autorizacion", headers=bearer(people["admin"])
            )
            assert by_admin.status == 403
            authorised = await client.post(
                "/api/v1/candidaturas/F-PAN-1/autorizacion", headers=bearer(verifier)
            )
            assert authorised.status == 200, await authorised.text()
            event = EventEnvelope.model_validate_json((await announced.next_msg(15)).data)
            assert event.data["candidacy_id"] == "F-PAN-1"
        finally:
            await nc.close()
        again = await client.post(
            "/api/v1/candidaturas/F-PAN-1/autorizacion", headers=bearer(verifier)
        )
        assert again.status == 409
        assert (await get(client, verifier, queue_path))["items"] == []
        [item] = (await get(client, verifier, published_path))["items"]
        assert item["authorised_at"] is not None and item["checks"] == []


async def test_durango_publishes_what_is_validated_and_the_institute_checks_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated(client, fresh, "durango")
        verifier = people["verifier"]
        published_path = f"/api/v1/elecciones/{ELECTION}/publicadas"
        review = await eventually(
            lambda: get(client, verifier, published_path), lambda r: r["items"], what="published"
        )
        assert review["verification_phase"] is False
        [item] = review["items"]
        assert (item["candidacy_id"], item["authorised_at"], item["checks"]) == (
            "F-PAN-1",
            None,
            [],
        )
        queue = await get(client, verifier, f"/api/v1/elecciones/{ELECTION}/autorizaciones")
        assert queue == {"election_id": ELECTION, "required": False, "items": []}
        refused = await client.post(
            "/api/v1/candidaturas/F-PAN-1/autorizacion", headers=bearer(verifier)
        )
        assert refused.status == 409
        assert "no prevé" in (await refused.json())["detail"]

        note = "Se revisaron las propuestas y la fotografía: cumplen los Lineamientos."
        checked = await client.post(
            "/api/v1/candidaturas/F-PAN-1/verificacion-publicada",
            headers=bearer(verifier),
            json={"nota": note},
        )
        assert checked.status == 200, await checked.text()
        [item] = (await get(client, people["admin"], published_path))["items"]
        assert [c["note"] for c in item["checks"]] == [note]
        by_admin = await client.post(
            "/api/v1/candidaturas/F-PAN-1/verificacion-publicada",
            headers=bearer(people["admin"]),
            json={},
        )
        assert by_admin.status == 403


async def notices_of(client: Any, token: str) -> list[dict[str, Any]]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return [n for n in (await inbox.json())["notices"] if n["subject"] == SUBJECT]


async def test_a_completeness_notice_reaches_the_partys_liaison_and_no_one_else(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        morena = await issue_party(client, admin, "morena", ELECTION)
        pan_supervisor = await session_of(client, pan["supervisor"])
        pan_capturist = await session_of(client, pan["capturist"])
        morena_supervisor = await session_of(client, morena["supervisor"])
        independent = await independent_session(client, admin, "F-IND-1")
        verifier = await staff_session(client, admin, "verifier")
        await client.put(  # begun, not finished: incomplete
            "/api/v1/candidaturas/F-PAN-1/cuestionarios/curricular",
            headers=bearer(pan_capturist),
            json={"respuestas": {"grado_maximo_estudios": "Licenciatura"}},
        )

        report = await get(client, verifier, f"/api/v1/elecciones/{ELECTION}/completitud")
        groups = {(g["capturing_party"], g["office"]): g for g in report["groups"]}
        pan_group = next(g for (party, _), g in groups.items() if party == "pan")
        assert pan_group["counts"]["incompleta"] == 1 and pan_group["counts"]["sin_captura"] == 0
        assert [c["candidacy_id"] for c in pan_group["lagging"]] == ["F-PAN-1"]
        assert any(
            g["counts"]["sin_captura"] == 1 for (party, _), g in groups.items() if party is None
        )
        denied = await client.get(
            f"/api/v1/elecciones/{ELECTION}/completitud", headers=bearer(pan_supervisor)
        )
        assert denied.status == 403

        sends = f"/api/v1/elecciones/{ELECTION}/avisos-completitud"
        wrong = await client.post(
            sends, headers=bearer(verifier), json={"partido": "pan", "candidaturas": ["F-SHH-1"]}
        )
        assert wrong.status == 409  # F-SHH-1 is not PAN's
        sent = await client.post(
            sends, headers=bearer(verifier), json={"partido": "pan", "candidaturas": ["F-PAN-1"]}
        )
        assert sent.status == 200, await sent.text()

        [notice] = await eventually(
            lambda: notices_of(client, pan_supervisor), lambda n: n, what="the liaison's notice"
        )
        assert OWNER in notice["body"] and "completarlos" in notice["body"]
        for someone in (pan_capturist, morena_supervisor, independent, verifier):
            assert await notices_of(client, someone) == []

        solo = await client.post(
            sends, headers=bearer(verifier), json={"candidaturas": ["F-IND-1"]}
        )
        assert solo.status == 200, await solo.text()
        [theirs] = await eventually(
            lambda: notices_of(client, independent), lambda n: n, what="the independent's"
        )
        assert "Raúl Cantú" in theirs["body"]
        assert len(await notices_of(client, pan_supervisor)) == 1
        listed = await get(client, admin, sends)
        assert [(i["capturing_party"], i["candidacy_ids"]) for i in listed["items"]] == [
            (None, ["F-IND-1"]),
            ("pan", ["F-PAN-1"]),
        ]
