"""Consent verification (000 §3.9): in Nuevo León the institute verifies a candidacy's
signed consent before its identity answers publish — the verifier sees the document
beside the name, reads the file, and accepts or rejects it; in Estado de México nobody
verifies, and the consent alone publishes. Zacatecas receives and keeps the
independents' consents (002 §II.B.3); Durango does not. A verifier bound to one election
sees nothing of another's."""

from typing import Any

import nats
import pytest

from contracts import subjects
from contracts.audit import EntrySearch
from contracts.capture import ElectionRef, FileRef
from contracts.envelope import EventEnvelope
from contracts.errors import ErrorCode
from contracts.events.capture import PROJECTION_UPDATED
from contracts.moderation import ElectionOf, ReviewRef
from contracts.operations import capture as capture_operations
from contracts.operations import moderation as moderation_operations
from contracts.requests import Principal
from contracts.roles import Role
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime.requests import RequestFailed
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, issue_party, session_of, staff_session
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import (
    ask_as,
    handled,
    independent_session,
    notices_of,
    upload_consent,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)
OWNER = "María Fernanda Ávila Núñez"


async def validated_with_consent(client: Any, settings: Settings, profile: str) -> dict[str, Any]:
    """F-PAN-1 captured, its consent signed and uploaded, submitted and validated."""
    admin = await election_under(client, settings, profile)
    pan = await issue_party(client, admin, "pan", ELECTION)
    capturist = await session_of(client, pan["capturist"])
    supervisor = await session_of(client, pan["supervisor"])
    await capture_all(client, capturist, "F-PAN-1")
    sha = await upload_consent(client, capturist, "F-PAN-1")
    assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
    validated = await client.post(
        "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
    )
    assert validated.status == 200, await validated.text()
    return {
        "admin": admin,
        "capturist": capturist,
        "supervisor": supervisor,
        "sha": sha,
        "identity": (await validated.json())["identity"],
    }


async def consent_queue(client: Any, token: str) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/elecciones/{ELECTION}/consentimientos", headers=bearer(token)
    )
    assert response.status == 200, await response.text()
    return dict(await response.json())


async def test_nuevo_leon_verifies_the_consent_before_identity_answers_publish(
    fresh: Settings,
) -> None:
    async with (
        running(fresh, accounts, capture, moderation, audit),
        gateway_client(fresh) as client,
    ):
        people = await validated_with_consent(client, fresh, "nuevo-leon")
        assert people["identity"] == {}  # not verified yet
        verifier = await staff_session(client, people["admin"], "verifier")

        queue = await eventually(
            lambda: consent_queue(client, verifier), lambda q: q["pending"], what="queued"
        )
        [item] = queue["pending"]
        assert (item["candidacy_id"], item["owner_name"]) == ("F-PAN-1", OWNER)
        assert item["document_sha256"] == people["sha"] and not item["kept_by_institute"]
        document = await client.get(f"/api/v1/archivos/{people['sha']}", headers=bearer(verifier))
        assert document.status == 200 and document.content_type == "application/pdf"

        by_admin = await client.post(
            "/api/v1/consentimientos/F-PAN-1/verificacion", headers=bearer(people["admin"])
        )
        assert by_admin.status == 403  # the admin reads; the verifier decides
        short = await client.post(
            "/api/v1/consentimientos/F-PAN-1/rechazo",
            headers=bearer(verifier),
            json={"motivo": "No."},
        )
        assert short.status == 422

        nc = await nats.connect(fresh.require_nats_urls())
        updates = await nc.jetstream().subscribe(
            subjects.event_subject(fresh.bus_prefix, "capture", PROJECTION_UPDATED.event_type, 1),
            ordered_consumer=True,
        )
        try:
            verified = await client.post(
                "/api/v1/consentimientos/F-PAN-1/verificacion", headers=bearer(verifier)
            )
            assert verified.status == 200, await verified.text()
            assert (await verified.json())["status"] == "verificado"
            update = EventEnvelope.model_validate_json((await updates.next_msg(15)).data)
            assert update.data["cause"] == "consent_verified"
            assert update.data["projection"]["identity"]["pueblo_indigena"] == "Tének"

            again = await client.post(
                "/api/v1/consentimientos/F-PAN-1/verificacion", headers=bearer(verifier)
            )
            assert again.status == 409
            reason = "La firma del documento no coincide con la de la persona candidata."
            rejected = await client.post(
                "/api/v1/consentimientos/F-PAN-1/rechazo",
                headers=bearer(verifier),
                json={"motivo": reason},
            )
            assert rejected.status == 200, await rejected.text()
            update = EventEnvelope.model_validate_json((await updates.next_msg(15)).data)
            assert update.data["cause"] == "consent_rejected"
            assert update.data["projection"]["identity"] == {}
        finally:
            await nc.close()

        queue = await consent_queue(client, people["admin"])  # the admin reads
        assert queue["pending"] == []
        assert [(d["status"], d["reason"]) for d in queue["decided"]] == [("rechazado", reason)]

        def told(notices: list[dict[str, Any]]) -> bool:
            return any(n["subject"].startswith("Consentimiento no aceptado") for n in notices)

        notices = await eventually(
            lambda: notices_of(client, people["supervisor"]), told, what="the liaison is told"
        )
        assert any(reason in n["body"] for n in notices)
        assert not told(await notices_of(client, people["capturist"]))

        async def logged() -> Any:
            return await audit_search(fresh, EntrySearch(servicio="moderation"))

        entries = await eventually(
            logged,
            lambda p: {"consent.verify", "consent.reject"} <= {e["action"] for e in p["entries"]},
            what="decisions logged",
        )
        decisions = {
            (e["action"], e["role"], e["outcome"])
            for e in entries["entries"]
            if e["action"].startswith("consent.")
        }
        assert ("consent.verify", "verifier", "ok") in decisions
        assert ("consent.reject", "verifier", "ok") in decisions
        assert ("consent.verify", "admin", "denied") in decisions  # the refusal, recorded


async def test_estado_de_mexico_does_not_verify_and_the_consent_publishes(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_with_consent(client, fresh, "estado-de-mexico")
        assert people["identity"]["pueblo_indigena"] == "Tének"  # the consent is enough
        verifier = await staff_session(client, people["admin"], "verifier")
        await eventually(
            lambda: handled(fresh, "moderation", "consent_review_requested"),
            lambda n: n >= 1,
            what="moderation heard the validation",
        )
        assert await handled(fresh, "moderation", "consent_uploaded") >= 1
        assert await consent_queue(client, verifier) == {
            "election_id": ELECTION,
            "pending": [],
            "decided": [],
        }


@pytest.mark.parametrize(("profile", "kept"), [("zacatecas", True), ("durango", False)])
async def test_zacatecas_receives_and_keeps_the_independents_consent(
    fresh: Settings, profile: str, kept: bool
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        independent = await independent_session(client, admin, "F-IND-1")
        sha = await upload_consent(client, independent, "F-IND-1")
        verifier = await staff_session(client, admin, "verifier")
        await eventually(
            lambda: handled(fresh, "moderation", "consent_uploaded"),
            lambda n: n >= 1,
            what="moderation heard the upload",
        )
        queue = await consent_queue(client, verifier)
        if not kept:
            assert queue["pending"] == []
            refused = await client.post(
                "/api/v1/consentimientos/F-IND-1/verificacion", headers=bearer(verifier)
            )
            assert refused.status == 404
            return
        [item] = queue["pending"]
        assert (item["candidacy_id"], item["document_sha256"]) == ("F-IND-1", sha)
        assert item["kept_by_institute"] and item["capturing_party"] is None
        kept_now = await client.post(
            "/api/v1/consentimientos/F-IND-1/verificacion", headers=bearer(verifier)
        )
        assert kept_now.status == 200, await kept_now.text()
        assert (await kept_now.json())["status"] == "verificado"


async def test_a_verifier_of_one_election_sees_nothing_of_another(fresh: Settings) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_with_consent(client, fresh, "nuevo-leon")
        verifier = await staff_session(client, people["admin"], "verifier")
        await eventually(
            lambda: consent_queue(client, verifier), lambda q: q["pending"], what="queued"
        )
        ours = Principal(account_id="v-nl", role=Role.VERIFIER, election_id=ELECTION)
        other = Principal(account_id="v-otra", role=Role.VERIFIER, election_id="otra-eleccion")
        asked = [
            (moderation_operations.CONSENT_QUEUE, ElectionOf(election_id=ELECTION)),
            (moderation_operations.CONSENT_GET, ReviewRef(candidacy_id="F-PAN-1")),
            (moderation_operations.CONSENT_VERIFY, ReviewRef(candidacy_id="F-PAN-1")),
            (moderation_operations.AUTHORISATION_QUEUE, ElectionOf(election_id=ELECTION)),
            (moderation_operations.AUTHORISATION_PUBLISHED, ElectionOf(election_id=ELECTION)),
            (moderation_operations.COMPLETENESS_REMINDERS, ElectionOf(election_id=ELECTION)),
            (capture_operations.FILE_GET, FileRef(sha256=people["sha"])),
            (capture_operations.CANDIDACY_COMPLETENESS, ElectionRef(election_id=ELECTION)),
        ]
        for operation, payload in asked:
            with pytest.raises(RequestFailed) as refusal:
                await ask_as(fresh, operation, payload, other)
            assert refusal.value.error.code in (ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN), (
                operation.name
            )
        mine = await ask_as(fresh, moderation_operations.CONSENT_GET, asked[1][1], ours)
        assert mine.owner_name == OWNER
        document = await ask_as(fresh, capture_operations.FILE_GET, asked[6][1], ours)
        assert document.media_type == "application/pdf"
        capturist_reads = await client.get(
            "/api/v1/consentimientos/F-PAN-1", headers=bearer(people["capturist"])
        )
        assert capturist_reads.status == 403
