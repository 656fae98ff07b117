"""The formula's alternate has questionnaires of its own (001 §3.III-V): its drafts are
saved and read apart from the owner's, its identity answers sealed; a formula without an
alternate has none; where the profile makes the alternate capture (Estado de México) the
formula is sent only with them complete, elsewhere they are optional; and the validated
projection carries the alternate's public answers, its identity only by its own
consent."""

import asyncpg
import nats
import pytest

from contracts import subjects
from contracts.envelope import EventEnvelope
from contracts.events.capture import PROJECTION_UPDATED
from contracts.events.moderation import CONSENT_VERIFIED
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, pdf_text, publish_as, session_of
from tests.support.capture import (
    CURRICULAR,
    ELECTION,
    IDENTITY,
    TEXT,
    capture_all,
    capture_person,
    election_under,
    path,
    submit,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running

pytestmark = pytest.mark.timeout(180)

ALTERNATE = {"persona": "suplente"}


async def sealed_rows(settings: Settings) -> dict[str, bytes]:
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        rows = await conn.fetch(
            "SELECT person, sealed FROM capture.identity_answers WHERE candidacy_id = 'F-PAN-1'"
        )
    finally:
        await conn.close()
    return {row["person"]: bytes(row["sealed"]) for row in rows}


async def test_the_alternates_drafts_are_its_own_and_its_identity_is_sealed(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        capturist = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        owner_text, alternate_text = TEXT + " de la propietaria", TEXT + " de la suplente"
        for body in (
            {"respuestas": {"propuesta_1": owner_text}},
            {"respuestas": {"propuesta_1": alternate_text, "propuesta_2": TEXT}, **ALTERNATE},
        ):
            saved = await client.put(
                path("F-PAN-1", "curricular"), headers=bearer(capturist), json=body
            )
            assert saved.status == 200, await saved.text()

        owner = await (
            await client.get(path("F-PAN-1", "curricular"), headers=bearer(capturist))
        ).json()
        alternate = await (
            await client.get(
                path("F-PAN-1", "curricular"), params=ALTERNATE, headers=bearer(capturist)
            )
        ).json()
        assert owner["persona"] == "propietaria" and alternate["persona"] == "suplente"
        assert owner["respuestas"]["propuesta_1"] == owner_text.strip()
        assert "propuesta_2" not in owner["respuestas"]
        assert alternate["respuestas"]["propuesta_1"] == alternate_text.strip()
        assert [s["fields"] for s in owner["saves"]] == [["propuesta_1"]]
        assert [s["fields"] for s in alternate["saves"]] == [["propuesta_1", "propuesta_2"]]

        identity = await client.put(
            path("F-PAN-1", "identidad"),
            headers=bearer(capturist),
            json={"respuestas": IDENTITY, **ALTERNATE},
        )
        assert identity.status == 200, await identity.text()
        assert (await identity.json())["missing"] == []
        sealed = await sealed_rows(fresh)
        assert list(sealed) == ["suplente"]  # the owner's identity is still unanswered
        assert b"T\xc3\xa9nek" not in sealed["suplente"] and b"indigena" not in sealed["suplente"]
        read = await (
            await client.get(
                path("F-PAN-1", "identidad"), params=ALTERNATE, headers=bearer(capturist)
            )
        ).json()
        assert read["respuestas"]["pueblo_indigena"] == "Tének"
        unanswered = await (
            await client.get(path("F-PAN-1", "identidad"), headers=bearer(capturist))
        ).json()
        assert unanswered["respuestas"] == {}

        summary = await (
            await client.get("/api/v1/candidaturas/F-PAN-1", headers=bearer(capturist))
        ).json()
        assert set(summary["completeness"]) == {
            "curricular",
            "identidad",
            "suplente.curricular",
            "suplente.identidad",
        }
        assert all(v == 100 for v in summary["completeness"]["suplente.identidad"].values())

        form = await client.get(
            "/api/v1/candidaturas/F-PAN-1/formato-consentimiento",
            params=ALTERNATE,
            headers=bearer(capturist),
        )
        printed = " ".join(pdf_text(await form.read()).split())
        assert "Lucía Peña Ibáñez" in printed and "María Fernanda" not in printed


async def test_a_formula_without_an_alternate_has_no_alternates_questionnaires(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        capturist = await session_of(
            client, (await issue_party(client, admin, "mc", ELECTION))["capturist"]
        )
        for refused in (
            await client.get(
                path("F-MC-1", "curricular"), params=ALTERNATE, headers=bearer(capturist)
            ),
            await client.put(
                path("F-MC-1", "curricular"),
                headers=bearer(capturist),
                json={"respuestas": CURRICULAR, **ALTERNATE},
            ),
            await client.get(
                "/api/v1/candidaturas/F-MC-1/formato-consentimiento",
                params=ALTERNATE,
                headers=bearer(capturist),
            ),
        ):
            assert refused.status == 409, await refused.text()
            assert "no tiene suplente" in (await refused.json())["detail"]
        summary = await (
            await client.get("/api/v1/candidaturas/F-MC-1", headers=bearer(capturist))
        ).json()
        assert set(summary["completeness"]) == {"curricular", "identidad"}


@pytest.mark.parametrize(
    ("profile", "required"), [("estado-de-mexico", True), ("nuevo-leon", False)]
)
async def test_the_alternate_must_be_complete_to_send_only_where_the_profile_says(
    fresh: Settings, profile: str, required: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        capturist = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        await capture_all(client, capturist, "F-PAN-1", alternate=False)
        sent = await (await submit(client, capturist, "F-PAN-1", confirm=True)).json()
        if not required:
            assert sent["submitted"] is True
            assert "suplente.curricular" not in sent["missing"]
            return
        assert sent["submitted"] is False
        assert "propuesta_1" in sent["missing"]["suplente.curricular"]
        assert "indigena" in sent["missing"]["suplente.identidad"]
        assert sent["missing"]["curricular"] == [] and sent["missing"]["identidad"] == []
        await capture_person(client, capturist, "F-PAN-1", "suplente")
        done = await (await submit(client, capturist, "F-PAN-1", confirm=True)).json()
        assert done["submitted"] is True, done


async def test_the_validated_projection_carries_the_alternates_answers_by_its_own_consent(
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
        signed = await client.post(
            "/api/v1/candidaturas/F-PAN-1/consentimiento",
            params=ALTERNATE,
            data=b"%PDF-1.7 firmado por la suplente\n%%EOF",
            headers=bearer(capturist),
        )
        assert signed.status == 200, await signed.text()
        assert (await (await submit(client, capturist, "F-PAN-1", True)).json())["submitted"]
        validated = await client.post(
            "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
        )
        assert validated.status == 200, await validated.text()
        projection = await validated.json()
        assert projection["alternate_curricular"]["propuesta_1"] == TEXT.strip()
        assert projection["alternate_curricular"]["fotografia"]
        assert "correo_aclaraciones" not in projection["alternate_curricular"]  # private
        assert projection["alternate_identity"] == {} and projection["identity"] == {}

        nc = await nats.connect(fresh.require_nats_urls())
        updates = await nc.jetstream().subscribe(
            subjects.event_subject(fresh.bus_prefix, "capture", PROJECTION_UPDATED.event_type, 1),
            ordered_consumer=True,
        )
        try:
            await publish_as(
                fresh,
                "moderation",
                CONSENT_VERIFIED,
                {"election_id": ELECTION, "candidacy_id": "F-PAN-1", "persona": "suplente"},
            )
            update = EventEnvelope.model_validate_json((await updates.next_msg(10)).data)
            published = update.data["projection"]
            assert published["alternate_identity"]["pueblo_indigena"] == "Tének"
            assert published["alternate_identity_by_consent"] is True
            assert published["identity"] == {}  # the owner gave no consent
            assert "nivel_ingresos" not in published["alternate_identity"]  # statistics only
        finally:
            await nc.close()
