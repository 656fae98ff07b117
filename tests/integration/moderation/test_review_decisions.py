"""The verifier's decisions (DESIGN §5, 000 §4.5): a validated candidacy reaches the
queue; the verifier disables one field citing a prohibition; the party's liaison — its
supervisor, nobody else — reads the reason in the inbox at once and sees the observation
on its own record; the decision is reversed with a reason and the history keeps both.
A verifier bound to one election sees nothing of another; a party cannot decide."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, staff_session
from tests.support.capture import ELECTION
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import notices_of, queued, validated_candidacy
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
Client = TestClient[Any, Any]
NOTE = "La segunda propuesta llama a votar por la candidatura: no puede publicarse así."
REVERSAL = "La candidatura aclaró el texto en su oficio; se vuelve a publicar completo."


async def test_a_disabled_field_reaches_the_liaison_and_is_reversed_with_its_reason(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation, audit),
        gateway_client(fresh) as client,
    ):
        people = await validated_candidacy(client, fresh)
        verifier, supervisor = people["verifier"], people["supervisor"]
        [item] = await queued(client, verifier)
        assert (item["candidacy_id"], item["status"]) == ("F-PAN-1", "pendiente")
        review = await (
            await client.get("/api/v1/moderacion/candidaturas/F-PAN-1", headers=bearer(verifier))
        ).json()
        assert review["texts"]["propuesta_2"].startswith("Propongo una red de estancias")
        assert review["photo_sha256"] and review["disabled_fields"] == []

        decided = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(verifier),
            json={"campo": "propuesta_2", "prohibicion": "lemas_campana", "nota": NOTE},
        )
        assert decided.status == 200, await decided.text()
        decision = await decided.json()
        assert decision["disabled"] and decision["in_force"]

        def observed(notices: list[dict[str, Any]]) -> bool:
            return any(n["subject"].startswith("Observación del Instituto") for n in notices)

        notices = await eventually(lambda: notices_of(client, supervisor), observed, what="told")
        [notice] = [n for n in notices if n["subject"].startswith("Observación del Instituto")]
        assert NOTE in notice["body"]
        assert "Lemas, llamados al voto o imágenes de campaña" in notice["body"]
        assert "Propuesta 2" in notice["body"] or "propuesta" in notice["body"].lower()
        for other in (people["capturist"], people["pri_supervisor"]):
            assert not observed(await notices_of(client, other))

        again = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(verifier),
            json={"campo": "propuesta_2", "prohibicion": "menciones", "nota": NOTE},
        )
        assert again.status == 409
        assert "ya está deshabilitada" in (await again.json())["detail"]

        mine = await (await client.get("/api/v1/observaciones", headers=bearer(supervisor))).json()
        [record] = mine["candidacies"]
        assert record["disabled_fields"] == ["propuesta_2"]
        assert record["decisions"][0]["note"] == NOTE
        theirs = await client.get("/api/v1/observaciones", headers=bearer(people["pri_supervisor"]))
        assert (await theirs.json())["candidacies"] == []

        reversed_ = await client.post(
            f"/api/v1/moderacion/candidaturas/F-PAN-1/decisiones/{decision['decision_id']}/reversion",
            headers=bearer(verifier),
            json={"motivo": REVERSAL},
        )
        assert reversed_.status == 200, await reversed_.text()

        def enabled(notices: list[dict[str, Any]]) -> bool:
            return any("volvió a habilitar" in n["subject"] for n in notices)

        notices = await eventually(lambda: notices_of(client, supervisor), enabled, what="told")
        assert any(REVERSAL in n["body"] for n in notices)
        history = await (
            await client.get("/api/v1/observaciones", headers=bearer(supervisor))
        ).json()
        [record] = history["candidacies"]
        assert record["disabled_fields"] == []
        assert [(d["disabled"], d["in_force"]) for d in record["decisions"]] == [
            (True, False),
            (False, False),
        ]
        twice = await client.post(
            f"/api/v1/moderacion/candidaturas/F-PAN-1/decisiones/{decision['decision_id']}/reversion",
            headers=bearer(verifier),
            json={"motivo": REVERSAL},
        )
        assert twice.status == 409

        async def logged() -> Any:
            return await audit_search(fresh, EntrySearch(accion="review.decide"))

        entries = await eventually(logged, lambda p: p["total"] == 2, what="logged")
        assert sorted(e["outcome"] for e in entries["entries"]) == ["invalid", "ok"]
        assert {e["role"] for e in entries["entries"]} == {"verifier"}
        assert NOTE not in str(entries["entries"])


async def test_parties_cannot_decide_and_a_verifier_of_another_election_sees_nothing(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation, audit),
        gateway_client(fresh) as client,
    ):
        people = await validated_candidacy(client, fresh)
        refused = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(people["supervisor"]),
            json={"prohibicion": "menciones", "nota": NOTE},
        )
        assert refused.status == 403
        assert "personal verificador" in (await refused.json())["detail"]
        queue = await client.get(
            "/api/v1/moderacion/cola",
            params={"eleccion": ELECTION},
            headers=bearer(people["supervisor"]),
        )
        assert queue.status == 403

        elsewhere = await staff_session(client, people["admin"], "verifier", "otra-eleccion")
        for path in ("/api/v1/moderacion/candidaturas/F-PAN-1", "/api/v1/moderacion/cola"):
            seen = await client.get(path, params={"eleccion": ELECTION}, headers=bearer(elsewhere))
            assert seen.status == 404, path
