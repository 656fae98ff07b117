"""The registration system's feed (001 §14, 002 §II.C): one change at a time, under the
system's own account, applied once by its id, where the election's profile takes it."""

import asyncio
from typing import Any

import pytest

from contracts.activity import Outcome
from contracts.audit import EntrySearch
from services.accounts.service import definition as accounts
from services.audit.service import definition as audit
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import (
    audit_search,
    bearer,
    session_of,
    signed_in_admin,
    staff_session,
)
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import feed_change
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)
ELECTION = demo_config().election_id
PATH = f"/api/v1/elecciones/{ELECTION}/registro/cambios"


async def election_with(client: Any, settings: Settings, profile: str) -> tuple[str, str]:
    """The demo election, no candidacy yet, under ``profile``: (admin, registry system)."""
    admin, _ = await signed_in_admin(settings, client)
    config = {**demo_config().model_dump(mode="json"), "profile": profile}
    assert (await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)).ok
    return admin, await staff_session(client, admin, "registry")


async def candidacies(client: Any, admin: str) -> dict[str, dict[str, Any]]:
    response = await client.get("/api/v1/candidaturas", headers=bearer(admin))
    return {c["candidacy_id"]: c for c in (await response.json())["candidacies"]}


async def candidate_accounts(client: Any, admin: str) -> dict[str, str]:
    response = await client.get("/api/v1/cuentas", headers=bearer(admin))
    listed = (await response.json())["accounts"]
    return {a["nombre"]: a["status"] for a in listed if a["role"] == "candidate"}


@pytest.mark.parametrize(
    ("profile", "takes_feed"), [("estado-de-mexico", True), ("nuevo-leon", False)]
)
async def test_only_an_election_whose_profile_takes_the_feed_registers_from_it(
    fresh: Settings, profile: str, takes_feed: bool
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, system = await election_with(client, fresh, profile)
        sent = await client.post(
            PATH, headers=bearer(system), json=feed_change("c-1", "registro", "F-PAN-9")
        )
        if takes_feed:
            assert sent.status == 200, await sent.text()
            assert await sent.json() == {
                "id": "c-1",
                "tipo": "registro",
                "candidatura": "F-PAN-9",
                "resultado": "aplicado",
                "registradas": ["F-PAN-9"],
                "retiradas": [],
            }
            listed = await candidacies(client, admin)
            assert listed["F-PAN-9"]["owner_name"] == "Sofía Muñoz"
            await eventually(
                lambda: candidate_accounts(client, admin),
                lambda a: a.get("Sofía Muñoz") == "pending",
                what="the candidacy's account",
            )
        else:
            assert sent.status == 409
            assert "se importan por archivo" in (await sent.json())["detail"]
            assert await candidacies(client, admin) == {}


async def test_the_same_change_twice_changes_nothing_and_gets_the_same_answer(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, system = await election_with(client, fresh, "estado-de-mexico")
        change = feed_change("c-1", "registro", "F-PAN-9")
        # sent twice at the same moment (a retry after a timeout), then once more later
        both = await asyncio.gather(
            *(client.post(PATH, headers=bearer(system), json=change) for _ in range(2))
        )
        again = await client.post(PATH, headers=bearer(system), json=change)
        answers = [await response.json() for response in (*both, again)]
        assert [r.status for r in (*both, again)] == [200, 200, 200], answers
        assert answers[0] == answers[1] == answers[2]
        assert answers[0]["resultado"] == "aplicado"
        await eventually(
            lambda: candidate_accounts(client, admin), lambda a: len(a) == 1, what="one account"
        )

        other = feed_change("c-1", "registro", "F-PAN-9", names="Otra")  # the id reused
        refused = await client.post(PATH, headers=bearer(system), json=other)
        assert refused.status == 409
        assert "ya se recibió con otro contenido" in (await refused.json())["detail"]
        assert (await candidacies(client, admin))["F-PAN-9"]["owner_name"] == "Sofía Muñoz"

        # a registration, under another id, of what is registered already: no change
        same = await client.post(
            PATH, headers=bearer(system), json=feed_change("c-2", "registro", "F-PAN-9")
        )
        assert (await same.json())["resultado"] == "sin_cambios"
        assert list(await candidacies(client, admin)) == ["F-PAN-9"]


async def test_a_substitution_withdraws_the_old_candidacy_at_once_and_revokes_its_account(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, system = await election_with(client, fresh, "estado-de-mexico")
        await client.post(
            PATH, headers=bearer(system), json=feed_change("c-1", "registro", "F-PAN-9")
        )
        await eventually(
            lambda: candidate_accounts(client, admin),
            lambda a: a.get("Sofía Muñoz") == "pending",
            what="the first account",
        )
        substitution = feed_change(
            "c-2", "sustitucion", "F-PAN-10", "Elena", "Garza", sustituye_a="F-PAN-9"
        )
        applied = await client.post(PATH, headers=bearer(system), json=substitution)
        assert applied.status == 200, await applied.text()
        receipt = await applied.json()
        assert (receipt["registradas"], receipt["retiradas"]) == (["F-PAN-10"], ["F-PAN-9"])

        listed = await candidacies(client, admin)  # at once: in the same transaction
        assert listed["F-PAN-9"]["status"] == "sustituida"
        assert listed["F-PAN-10"]["status"] == "registrada"
        seen = await eventually(
            lambda: candidate_accounts(client, admin),
            lambda a: a.get("Sofía Muñoz") == "revoked" and "Elena Garza" in a,
            what="the old account revoked, the new one issued",
        )
        assert seen["Elena Garza"] == "pending"

        again = substitution | {"id": "c-3"}  # the substitution in effect already
        assert (await (await client.post(PATH, headers=bearer(system), json=again)).json())[
            "resultado"
        ] == "sin_cambios"
        late = feed_change("c-4", "correccion", "F-PAN-9", "Sofía", "Muñoz Ortega")
        refused = await client.post(PATH, headers=bearer(system), json=late)
        assert refused.status == 409
        assert "fue retirada" in (await refused.json())["detail"]


async def test_a_correction_updates_a_live_candidacy_and_a_cancellation_withdraws_it(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture, audit), gateway_client(fresh) as client:
        admin, system = await election_with(client, fresh, "estado-de-mexico")
        for change in (
            feed_change("c-1", "registro", "F-PAN-9"),
            feed_change("c-2", "correccion", "F-PAN-9", "Sofía Isabel", "Muñoz"),
        ):
            sent = await client.post(PATH, headers=bearer(system), json=change)
            assert (await sent.json())["resultado"] == "aplicado", await sent.text()
        listed = await candidacies(client, admin)
        assert listed["F-PAN-9"]["owner_name"] == "Sofía Isabel Muñoz"
        assert listed["F-PAN-9"]["status"] == "registrada"

        cancelled = await client.post(
            PATH, headers=bearer(system), json=feed_change("c-3", "cancelacion", "F-PAN-9")
        )
        assert (await cancelled.json())["retiradas"] == ["F-PAN-9"]
        assert (await candidacies(client, admin))["F-PAN-9"]["status"] == "cancelada"
        await eventually(
            lambda: candidate_accounts(client, admin),
            lambda a: a.get("Sofía Muñoz") == "revoked",
            what="the cancelled candidacy's account revoked",
        )

        async def logged() -> Any:
            return await audit_search(
                fresh, EntrySearch(accion="registry.change", resultado=Outcome.OK)
            )

        entries = await eventually(logged, lambda p: p["total"] == 3, what="changes logged")
        details = [entry["detail"] for entry in entries["entries"]]
        assert {(d["cambio"], d["tipo"]) for d in details} == {
            ("c-1", "registro"),
            ("c-2", "correccion"),
            ("c-3", "cancelacion"),
        }
        assert all(e["role"] == "registry" for e in entries["entries"])
        assert "Sofía" not in str(entries)  # the change is named, never the person


async def test_a_bad_change_is_refused_with_its_problems_and_changes_nothing(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, system = await election_with(client, fresh, "estado-de-mexico")
        bad = feed_change("c-1", "registro", "F-PAN-9", cargo="gubernatura")
        bad["candidatura"]["suplente"] = {
            "nombres": "Lucía",
            "primer_apellido": "Peña",
            "sexo": "Otro",
            "fecha_nacimiento": "31/02/1980",
        }
        refused = await client.post(PATH, headers=bearer(system), json=bad)
        assert refused.status == 422
        problem = await refused.json()
        fields = {e["field"] for e in problem["errors"]}
        assert {
            "candidatura.cargo",
            "candidatura.suplente.sexo",
            "candidatura.suplente.fecha_nacimiento",
        } <= fields
        assert "el cambio no se aplicó" in problem["detail"]
        assert await candidacies(client, admin) == {}

        unknown = feed_change("c-1", "cancelacion", "F-PAN-9")  # the id is still free
        refused = await client.post(PATH, headers=bearer(system), json=unknown)
        assert refused.status == 409
        assert "envíe primero su registro" in (await refused.json())["detail"]

        good = await client.post(
            PATH, headers=bearer(system), json=feed_change("c-1", "registro", "F-PAN-9")
        )
        assert (await good.json())["resultado"] == "aplicado"


async def test_only_the_registration_systems_account_sends_changes_and_it_does_nothing_else(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, system = await election_with(client, fresh, "estado-de-mexico")
        change = feed_change("c-1", "registro", "F-PAN-9")
        assert (await client.post(PATH, json=change)).status == 401
        by_admin = await client.post(PATH, headers=bearer(admin), json=change)
        assert by_admin.status == 403
        assert "sistema de registro" in (await by_admin.json())["detail"]
        assert await candidacies(client, admin) == {}

        assert (await client.post(PATH, headers=bearer(system), json=change)).status == 200
        listing = await client.get("/api/v1/candidaturas", headers=bearer(system))
        assert listing.status == 403
        accounts_list = await client.get("/api/v1/cuentas", headers=bearer(system))
        assert accounts_list.status == 403


async def test_a_registration_systems_account_for_one_election_feeds_only_that_one(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, _ = await election_with(client, fresh, "estado-de-mexico")
        issued = await client.post(
            "/api/v1/cuentas/personal",
            headers=bearer(admin),
            json={
                "rol": "registry",
                "nombre": "Registro de otra elección",
                "usuario": "registro.otra",
                "election_id": "otra-eleccion",
            },
        )
        assert issued.status == 200, await issued.text()
        other = await session_of(client, (await issued.json())["accounts"][0])
        sent = await client.post(
            PATH, headers=bearer(other), json=feed_change("c-9", "registro", "F-PAN-9")
        )
        assert sent.status == 403
        assert "F-PAN-9" not in await candidacies(client, admin)  # nothing changed
