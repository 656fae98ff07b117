"""One chance, then validation: what is missing is shown before submitting; after it the
capturist cannot edit; the supervisor edits then validates, or — Nuevo León, 000 §4.3 —
asks the institute to correct; validation announces the public projection, with identity
answers only when consent (verified where the profile asks) or, where the profile says
so, an affirmative action allows them."""

from typing import Any

import nats
import pytest

from contracts import subjects
from contracts.envelope import EventEnvelope
from contracts.events.capture import CANDIDACY_VALIDATED, PROJECTION_UPDATED
from contracts.events.moderation import CONSENT_REJECTED, CONSENT_VERIFIED
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, publish_as, session_of
from tests.support.capture import (
    ELECTION,
    TEXT,
    capture_all,
    election_under,
    path,
    submit,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize(
    ("profile", "supervisor_edits"), [("estado-de-mexico", True), ("nuevo-leon", False)]
)
async def test_one_chance_then_the_supervisor_validates_per_the_profile(
    fresh: Settings, profile: str, supervisor_edits: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        issued = await issue_party(client, admin, "pan", ELECTION)
        capturist = await session_of(client, issued["capturist"])
        supervisor = await session_of(client, issued["supervisor"])

        early = await (await submit(client, capturist, "F-PAN-1", confirm=True)).json()
        assert early["submitted"] is False and "propuesta_1" in early["missing"]["curricular"]
        await capture_all(client, capturist, "F-PAN-1")
        done = await (await submit(client, capturist, "F-PAN-1", confirm=True)).json()
        assert done["submitted"] is True

        locked = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(capturist),
            json={"respuestas": {"propuesta_1": TEXT + " más"}},
        )
        assert locked.status == 409
        assert "una sola oportunidad" in (await locked.json())["detail"]
        again = await submit(client, capturist, "F-PAN-1", confirm=True)
        assert again.status == 409

        queue = await (
            await client.get("/api/v1/validacion/cola", headers=bearer(supervisor))
        ).json()
        assert [c["candidacy_id"] for c in queue["candidacies"]] == ["F-PAN-1"]
        told = await eventually(
            lambda: subjects_in(client, supervisor),
            lambda s: "Cuestionarios por validar: María Fernanda Ávila Núñez" in s,
            what="the supervisor told of the submission",
        )
        assert len(told) == len(set(told))  # once

        edited = {"respuestas": {"propuesta_2": TEXT + " ajustada"}}
        edit = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(supervisor), json=edited
        )
        correction = await client.post(
            "/api/v1/candidaturas/F-PAN-1/correccion",
            headers=bearer(supervisor),
            json={"campos": ["propuesta_2"], "nota": "Menciona a otra candidatura."},
        )
        if supervisor_edits:
            assert (edit.status, correction.status) == (200, 409)
        else:
            assert (edit.status, correction.status) == (409, 204)

            async def admin_inbox() -> list[str]:
                inbox = await client.get("/api/v1/avisos", headers=bearer(admin))
                return [n["subject"] for n in (await inbox.json())["notices"]]

            subjects = await eventually(admin_inbox, lambda s: bool(s), what="admin notified")
            assert subjects == ["Corrección solicitada: candidatura F-PAN-1"]
            pending = await client.post(
                "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
            )
            assert pending.status == 409  # until the institute decides
            listed = await client.get(
                f"/api/v1/elecciones/{ELECTION}/correcciones", headers=bearer(admin)
            )
            [asked] = (await listed.json())["corrections"]
            declined = await client.post(
                f"/api/v1/correcciones/{asked['correction_id']}/rechazo",
                headers=bearer(admin),
                json={"motivo": "La propuesta cumple los lineamientos."},
            )
            assert declined.status == 200, await declined.text()

        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()
        projection = await validated.json()
        assert projection["curricular"]["propuesta_1"] == TEXT.strip()
        assert "correo_aclaraciones" not in projection["curricular"]  # private
        assert projection["identity"] == {}  # no consent, no affirmative action
        assert "birth_date" not in str(projection)
        await eventually(
            lambda: subjects_in(client, capturist),
            lambda s: "Cuestionarios validados: María Fernanda Ávila Núñez" in s,
            what="the capturist told of the validation",
        )


async def subjects_in(client: Any, token: str) -> list[str]:
    inbox = await client.get("/api/v1/avisos", headers=bearer(token))
    return [n["subject"] for n in (await inbox.json())["notices"]]


@pytest.mark.parametrize(
    ("profile", "identity_public", "type_shown"),
    [("estado-de-mexico", True, False), ("nuevo-leon", False, False), ("zacatecas", False, True)],
)
async def test_an_affirmative_action_candidacy_publishes_what_its_profile_says(
    fresh: Settings, profile: str, identity_public: bool, type_shown: bool
) -> None:
    """Estado de México makes its identity answers public without consent (001 §19);
    Zacatecas shows the action's type (002 §II.C); elsewhere consent rules, for all."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        mc = await issue_party(client, admin, "mc", ELECTION)
        capturist, supervisor = (
            await session_of(client, mc["capturist"]),
            await session_of(client, mc["supervisor"]),
        )
        await capture_all(client, capturist, "F-MC-1")  # registered under "indigena"
        assert (await (await submit(client, capturist, "F-MC-1", True)).json())["submitted"]
        nc = await nats.connect(fresh.require_nats_urls())
        js = nc.jetstream()
        validated_events = await js.subscribe(
            subjects.event_subject(fresh.bus_prefix, "capture", CANDIDACY_VALIDATED.event_type, 1),
            ordered_consumer=True,
        )
        try:
            response = await client.post(
                "/api/v1/candidaturas/F-MC-1/validacion", headers=bearer(supervisor)
            )
            projection = await response.json()
            event = EventEnvelope.model_validate_json((await validated_events.next_msg(10)).data)
            published = event.data["projection"]
            assert "affirmative_action" not in published["formula"]  # not in the public formula
            assert published["affirmative_action"] == ("indigena" if type_shown else None)
            if identity_public:
                assert projection["identity"]["indigena"] == "Sí"
                assert "nivel_ingresos" not in projection["identity"]  # statistics only
                assert published["identity"]["pueblo_indigena"] == "Tének"
            else:
                assert projection["identity"] == {} and published["identity"] == {}
        finally:
            await nc.close()


async def test_a_verified_consent_brings_identity_answers_into_the_projection(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist, supervisor = (
            await session_of(client, pan["capturist"]),
            await session_of(client, pan["supervisor"]),
        )
        await capture_all(client, capturist, "F-PAN-1")
        await submit(client, capturist, "F-PAN-1", True)
        first = await (
            await client.post("/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor))
        ).json()
        assert first["identity"] == {}

        nc = await nats.connect(fresh.require_nats_urls())
        js = nc.jetstream()
        updates = await js.subscribe(
            subjects.event_subject(fresh.bus_prefix, "capture", PROJECTION_UPDATED.event_type, 1),
            ordered_consumer=True,
        )
        try:
            await capture_consent(fresh)
            await publish_as(
                fresh,
                "moderation",
                CONSENT_VERIFIED,
                {"election_id": ELECTION, "candidacy_id": "F-PAN-1"},
            )
            update = EventEnvelope.model_validate_json((await updates.next_msg(10)).data)
            assert update.data["cause"] == "consent_verified"
            assert update.data["projection"]["identity"]["indigena"] == "Sí"
            await publish_as(
                fresh,
                "moderation",
                CONSENT_REJECTED,
                {"election_id": ELECTION, "candidacy_id": "F-PAN-1", "reason": "Firma ilegible."},
            )
            later = EventEnvelope.model_validate_json((await updates.next_msg(10)).data)
            assert later.data["cause"] == "consent_rejected"  # the latest word wins
            assert later.data["projection"]["identity"] == {}
        finally:
            await nc.close()


async def capture_consent(settings: Settings) -> None:
    """The candidate's signed consent document on file (the upload arrives with item 4)."""
    import asyncpg

    from services.runtime import database

    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute(
            "INSERT INTO capture.consents (candidacy_id, document_sha256, uploaded_at) "
            "VALUES ('F-PAN-1', $1, now())",
            "cd" * 32,
        )
    finally:
        await conn.close()
