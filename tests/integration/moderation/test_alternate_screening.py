"""The formula's alternate in moderation (001 §3.III-V; 004 §46): F-PAN-1 is validated
through capture, then its projection is announced again with the alternate's own public
answers (as capture does once the alternate has questionnaires of its own). The
alternate's second proposal calls to vote: the screening flags it naming the alternate's
field, ``suplente.propuesta_2``; the verifier reads the alternate's answers in their own
section and disables that field, and the decided restrictions carry it. The alternate's
consent document waits apart from the owner's and is verified on its own; the Cédula
scores the alternate too, and the curricular quality counts both people."""

from typing import Any

import asyncpg
import pytest

from contracts.events.capture import (
    PROJECTION_UPDATED,
    REVIEW_REQUESTED,
    ProjectionUpdated,
    PublicCurricular,
    PublicProjection,
    ReviewRequested,
)
from contracts.moderation import FlagKind
from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.moderation.service import definition as moderation
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, publish_as_capture, staff_session
from tests.support.capture import ELECTION
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.moderation import validated_candidacy
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
ALTERNATE = "Lucía Peña Ibáñez"
PROPOSAL_1 = (
    "Propongo abrir centros comunitarios de cuidado para personas mayores en cada colonia, "
    "con personal de enfermería, comedor y actividades de la tarde, financiados con el "
    "ahorro en arrendamientos de oficinas que hoy no se usan."
)
PROPOSAL_2 = (
    "Llevaré agua potable a cada hogar del distrito con tomas nuevas y reparación de fugas. "
    "Este domingo, ¡vota por mí y por el agua de todas y todos!"
)
NOTE = "La segunda propuesta de la suplente llama a votar: no puede publicarse así."
OWNER_DOCUMENT = "a" * 64
ALTERNATE_DOCUMENT = "b" * 64


async def projection_of(settings: Settings, candidacy_id: str) -> PublicProjection:
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        kept = await conn.fetchval(
            "SELECT projection::text FROM moderation.projections WHERE candidacy_id = $1",
            candidacy_id,
        )
        return PublicProjection.model_validate_json(kept)
    finally:
        await conn.close()


async def review_of(client: Any, verifier: str) -> dict[str, Any]:
    response = await client.get("/api/v1/moderacion/candidaturas/F-PAN-1", headers=bearer(verifier))
    assert response.status == 200, await response.text()
    return dict(await response.json())


async def test_the_alternate_is_screened_decided_verified_and_scored_as_a_person_of_its_own(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, moderation), gateway_client(fresh) as client:
        people = await validated_candidacy(client, fresh)
        verifier = people["verifier"]
        validated = await projection_of(fresh, "F-PAN-1")
        alternate = PublicCurricular.model_validate(
            {
                "propuesta_1": PROPOSAL_1,
                "propuesta_2": PROPOSAL_2,
                "cursos": ["Diplomado en gestión del agua"],
            }
        )
        updated = validated.model_copy(update={"alternate_curricular": alternate})
        await publish_as_capture(
            fresh, PROJECTION_UPDATED, ProjectionUpdated(projection=updated, cause="suplente")
        )

        review = await eventually(
            lambda: review_of(client, verifier),
            lambda r: (
                "suplente.propuesta_2" in r["texts"]
                and any(f["field"] == "suplente.propuesta_2" for f in r["flags"])
            ),
            what="the alternate's answers screened",
        )
        assert review["alternate_name"] == ALTERNATE
        assert review["texts"]["suplente.propuesta_1"] == PROPOSAL_1
        assert "propuesta_2" in review["texts"]  # the owner's, unprefixed, beside it
        [call] = [f for f in review["flags"] if f["field"] == "suplente.propuesta_2"]
        assert call["kind"] == FlagKind.LEXICON.value
        assert call["evidence"].lower().startswith("vota por")
        assert not [f for f in review["flags"] if f["field"] == "propuesta_2"]

        page = await client.get("/moderacion/candidaturas/F-PAN-1", headers=bearer(verifier))
        assert page.status == 200
        html = await page.text()
        assert f"Suplente: {ALTERNATE}" in html
        assert 'value="suplente.propuesta_2"' in html
        assert "Suplente: Segunda de sus dos principales propuestas" in html

        wrong = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(verifier),
            json={"campo": "suplente.curp", "prohibicion": "lemas_campana", "nota": NOTE},
        )
        assert wrong.status == 404
        assert (
            "no es un campo público del cuestionario curricular de la suplente"
            in (await wrong.json())["detail"]
        )
        decided = await client.post(
            "/api/v1/moderacion/candidaturas/F-PAN-1/decisiones",
            headers=bearer(verifier),
            json={"campo": "suplente.propuesta_2", "prohibicion": "lemas_campana", "nota": NOTE},
        )
        assert decided.status == 200, await decided.text()
        assert (await decided.json())["field"] == "suplente.propuesta_2"
        mine = await (
            await client.get("/api/v1/observaciones", headers=bearer(people["supervisor"]))
        ).json()
        [record] = mine["candidacies"]
        assert record["disabled_fields"] == ["suplente.propuesta_2"]
        after = await review_of(client, verifier)
        assert after["disabled_fields"] == ["suplente.propuesta_2"]
        html = await (
            await client.get("/moderacion/candidaturas/F-PAN-1", headers=bearer(verifier))
        ).text()
        assert "«Suplente: " in html  # the history says whose field

        owner_cedula = await (
            await client.get("/api/v1/candidaturas/F-PAN-1/cedula", headers=bearer(verifier))
        ).json()
        assert owner_cedula["persona"] == "propietaria" and owner_cedula["has_alternate"]
        theirs = await client.get(
            "/api/v1/candidaturas/F-PAN-1/cedula?persona=suplente", headers=bearer(verifier)
        )
        assert theirs.status == 200, await theirs.text()
        cedula = await theirs.json()
        assert (cedula["persona"], cedula["person_name"]) == ("suplente", ALTERNATE)
        assert cedula["total"] != owner_cedula["total"]  # scored on the alternate's answers
        scored = await client.put(
            "/api/v1/candidaturas/F-PAN-1/cedula",
            headers=bearer(verifier),
            json={"persona": "suplente", "cumple": ["propuesta_1.poblacion_metas"]},
        )
        assert scored.status == 200, await scored.text()
        assert (await scored.json())["persona"] == "suplente"
        untouched = await (
            await client.get("/api/v1/candidaturas/F-PAN-1/cedula", headers=bearer(verifier))
        ).json()
        assert untouched["scorings"] == 0
        page = await client.get(
            "/consola/cedula/candidatura/F-PAN-1?persona=suplente", headers=bearer(verifier)
        )
        assert page.status == 200
        said = await page.text()
        assert "Personas de la fórmula" in said and ALTERNATE in said
        results = await (
            await client.get(f"/api/v1/elecciones/{ELECTION}/cedula", headers=bearer(verifier))
        ).json()
        assert [(c["candidacy_id"], c["persona"]) for c in results["candidacies"]] == [
            ("F-PAN-1", "propietaria"),
            ("F-PAN-1", "suplente"),
        ]

        analyst = await staff_session(client, people["admin"], "analyst")
        quality = await client.get(
            f"/api/v1/elecciones/{ELECTION}/calidad-curricular", headers=bearer(analyst)
        )
        assert quality.status == 200, await quality.text()
        pan = next(p for p in (await quality.json())["parties"] if p["party"] == "pan")
        assert (pan["candidacies"], pan["captured"], pan["not_captured"]) == (2, 2, 0)

        await publish_as_capture(
            fresh,
            REVIEW_REQUESTED,
            ReviewRequested(
                election_id=ELECTION,
                candidacy_id="F-PAN-1",
                consent_document_sha256=OWNER_DOCUMENT,
                consent_needs_verification=True,
                alternate_consent_document_sha256=ALTERNATE_DOCUMENT,
            ),
        )

        async def queue() -> dict[str, Any]:
            response = await client.get(
                f"/api/v1/elecciones/{ELECTION}/consentimientos", headers=bearer(verifier)
            )
            return dict(await response.json())

        waiting = await eventually(queue, lambda q: len(q["pending"]) == 2, what="two consents")
        whose = {item["persona"]: item for item in waiting["pending"]}
        assert whose["suplente"]["document_sha256"] == ALTERNATE_DOCUMENT
        assert whose["suplente"]["person_name"] == ALTERNATE
        assert whose["propietaria"]["document_sha256"] == OWNER_DOCUMENT
        listed = await client.get(
            f"/moderacion/consentimientos?eleccion={ELECTION}", headers=bearer(verifier)
        )
        assert "?persona=suplente" in await listed.text()
        assert f"suplente de {validated.formula.owner.names}" in await listed.text()

        verified = await client.post(
            "/api/v1/consentimientos/F-PAN-1/verificacion?persona=suplente",
            headers=bearer(verifier),
        )
        assert verified.status == 200, await verified.text()
        assert (await verified.json())["persona"] == "suplente"
        now = await queue()
        assert [(i["persona"], i["status"]) for i in now["pending"]] == [
            ("propietaria", "pendiente")
        ]
        assert [(i["persona"], i["status"]) for i in now["decided"]] == [("suplente", "verificado")]
        own = await client.get(
            "/api/v1/consentimientos/F-PAN-1?persona=propietaria", headers=bearer(verifier)
        )
        assert (await own.json())["status"] == "pendiente"
        # (last: capture announces the projection again once it hears of a verification)
