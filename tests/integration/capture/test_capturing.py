"""Capturing drafts: per-field problems and completeness; a party never reaches another
party's candidacy; who captures follows the profile (the party or the candidate, or —
Durango, 003 §15 — the supervisor); identity answers rest encrypted and every read of
them by someone else is in the activity log."""

from typing import Any

import asyncpg
import pytest

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import (
    audit_search,
    bearer,
    issue_party,
    session_of,
)
from tests.support.capture import ELECTION, TEXT, election_under, path
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)


async def test_a_capturist_saves_drafts_of_its_own_partys_candidacies_only(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        saved = await client.put(
            path("F-PAN-1", "curricular"),
            headers=bearer(pan),
            json={"respuestas": {"propuesta_1": TEXT, "grado_maximo_estudios": "Bachillerato"}},
        )
        assert saved.status == 200, await saved.text()
        draft = await saved.json()
        assert draft["respuestas"]["propuesta_1"] == TEXT.strip()
        assert [(p["field"], p["reason"]) for p in draft["problems"]] == [
            ("grado_maximo_estudios", "Elija una de las opciones.")
        ]
        assert "grado_maximo_estudios" not in draft["respuestas"]  # a wrong option is not kept
        assert "grado_maximo_estudios" in draft["missing"]
        assert draft["completeness"]["propuestas"] == 33
        assert draft["saves"][0]["fields"] == ["grado_maximo_estudios", "propuesta_1"]

        other = await client.put(
            path("F-MC-1", "curricular"),
            headers=bearer(pan),
            json={"respuestas": {"propuesta_1": TEXT}},
        )
        assert other.status == 403
        coalition = await client.put(
            path("F-SHH-1", "curricular"), headers=bearer(pan), json={"respuestas": {}}
        )
        assert coalition.status == 403  # the coalition's candidacy is Morena's to capture


async def test_identity_answers_rest_encrypted_and_reads_by_others_are_logged(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        answers = {"indigena": "Sí", "pueblo_indigena": "Tének", "discapacidad": "No"}
        saved = await client.put(
            path("F-PAN-1", "identidad"), headers=bearer(pan), json={"respuestas": answers}
        )
        body = await saved.json()
        assert body["respuestas"]["discapacidad_tipo"] == "No aplica"

        conn = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            raw = await conn.fetchval(
                "SELECT sealed FROM capture.identity_answers WHERE candidacy_id = 'F-PAN-1'"
            )
        finally:
            await conn.close()
        assert b"T\xc3\xa9nek" not in raw and b"indigena" not in raw

        read = await client.get(path("F-PAN-1", "identidad"), headers=bearer(pan))
        assert (await read.json())["respuestas"]["pueblo_indigena"] == "Tének"

        async def reads() -> Any:
            return await audit_search(fresh, EntrySearch(accion="identity.read"))

        page = await eventually(reads, lambda p: p["total"] >= 1, what="identity read logged")
        assert page["entries"][0]["target_id"] == "F-PAN-1"
        assert "Tének" not in str(page)


@pytest.mark.parametrize(
    ("profile", "capturist", "supervisor"),
    # Durango's supervisor captures as well as the party and its candidates (003 §9-10, §15).
    [("nuevo-leon", 200, 403), ("durango", 200, 200)],
)
async def test_who_captures_a_party_candidacy_follows_the_profile(
    fresh: Settings, profile: str, capturist: int, supervisor: int
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        issued = await issue_party(client, admin, "pan", ELECTION)
        tokens = {
            role: await session_of(client, issued[role]) for role in ("capturist", "supervisor")
        }
        statuses = {}
        for role, token in tokens.items():
            response = await client.put(
                path("F-PAN-1", "curricular"),
                headers=bearer(token),
                json={"respuestas": {"propuesta_1": TEXT}},
            )
            statuses[role] = response.status
        assert statuses == {"capturist": capturist, "supervisor": supervisor}


async def test_a_draft_keeps_what_was_typed_and_refuses_an_unknown_or_huge_field(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        pan = await session_of(
            client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
        )
        typed = {"pagina_web": "www punto mi sitio", "correo_aclaraciones": "ana@pan"}
        saved = await client.put(
            path("F-PAN-1", "curricular"), headers=bearer(pan), json={"respuestas": typed}
        )
        assert saved.status == 200, await saved.text()
        reread = await (await client.get(path("F-PAN-1", "curricular"), headers=bearer(pan))).json()
        for draft in (await saved.json(), reread):
            assert {k: draft["respuestas"].get(k) for k in typed} == typed
            assert {p["field"] for p in draft["problems"]} >= set(typed)

        for answers, says in (
            ({"k" * 100_000: "Sí"}, "no existe en el cuestionario curricular"),
            ({"propuesta_1": "a" * 20_001}, "se guardan hasta"),
        ):
            refused = await client.put(
                path("F-PAN-1", "curricular"), headers=bearer(pan), json={"respuestas": answers}
            )
            assert refused.status == 422, await refused.text()
            problem = await refused.json()
            assert refused.content_type == "application/problem+json"
            assert problem["title"] and says in str(problem), problem
            assert len(await refused.text()) < 2_000  # the huge key is not echoed back
        after = await (await client.get(path("F-PAN-1", "curricular"), headers=bearer(pan))).json()
        assert after == reread  # nothing changed, not even the record of saves
