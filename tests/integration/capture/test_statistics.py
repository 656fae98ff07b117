"""Identity statistics without exposure: public aggregates suppress cells under 5; the
analysis area's data matrix has no names, exists only where the profile has it (001 §6),
and every read of it is in the activity log."""

from typing import Any

import pytest

from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import audit_search, bearer, issue_party, session_of, staff_session
from tests.support.capture import ELECTION, capture_all, election_under, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)


async def validated_pan(client: Any, admin: str) -> None:
    pan = await issue_party(client, admin, "pan", ELECTION)
    capturist, supervisor = (
        await session_of(client, pan["capturist"]),
        await session_of(client, pan["supervisor"]),
    )
    await capture_all(client, capturist, "F-PAN-1")
    await submit(client, capturist, "F-PAN-1", True)
    validated = await client.post(
        "/api/v1/candidaturas/F-PAN-1/validacion", headers=bearer(supervisor)
    )
    assert validated.status == 200


@pytest.mark.parametrize(("profile", "matrix"), [("estado-de-mexico", 200), ("nuevo-leon", 409)])
async def test_a_fixed_grid_hides_one_persons_answer_and_the_matrix_follows_the_profile(
    fresh: Settings, profile: str, matrix: int
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        await validated_pan(client, admin)

        public = await client.get(f"/api/v1/elecciones/{ELECTION}/estadisticas/identidad")
        assert public.status == 200  # anyone, no account
        figures = await public.json()
        indigenous = {
            (c["cargo"], c["postulante"], c["sexo"]): c
            for c in figures["cells"]
            if c["grupo"] == "indigena"
        }
        config = demo_config()
        postulants = [p.id for p in config.parties] + [c.id for c in config.coalitions]
        assert set(indigenous) == {
            (office.id, postulant, sex)
            for office in config.offices
            for postulant in [*postulants, "independiente"]
            for sex in ("Mujer", "Hombre", "No binario")
        }  # the whole grid, zeros included
        pan = indigenous[("diputacion-mr", "pan", "Mujer")]  # María answered "Sí"
        nobody = indigenous[("diputacion-mr", "mc", "Mujer")]  # no validated candidacy
        assert pan["personas"] is None and pan["texto"] == "menos de 5"
        assert {k: v for k, v in pan.items() if k != "postulante"} == {
            k: v for k, v in nobody.items() if k != "postulante"
        }  # her "Sí" and an empty cell look the same
        assert set(figures) == {"election_id", "minimum_cell", "note", "cells", "counted"}
        assert figures["counted"] == ["propietaria", "suplente"]  # each person who answered
        assert len(figures["cells"]) == 7 * len(indigenous)  # no margins to subtract from

        analyst = await staff_session(client, admin, "analyst")
        read = await client.get(
            f"/api/v1/elecciones/{ELECTION}/matriz-identidad", headers=bearer(analyst)
        )
        assert read.status == matrix
        if matrix == 200:
            rows = (await read.json())["rows"]
            assert rows[0]["indigena"] == "Sí" and rows[0]["postulante"] == "pan"
            text = str(rows)
            assert "María" not in text and "F-PAN-1" not in text  # no names, no keys

            async def logged() -> Any:
                return await audit_search(fresh, EntrySearch(accion="identity.matrix_read"))

            await eventually(logged, lambda p: p["total"] == 1, what="matrix read logged")
        admin_read = await client.get(
            f"/api/v1/elecciones/{ELECTION}/matriz-identidad", headers=bearer(admin)
        )
        assert admin_read.status == matrix  # admins read it too


async def test_statistics_of_an_election_that_does_not_exist_are_not_found(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        missing = await client.get("/api/v1/elecciones/no-existe/estadisticas/identidad")
        assert missing.status == 404
        assert (await missing.json())["detail"] == "No existe esa elección."
