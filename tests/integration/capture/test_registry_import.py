"""Importing the candidacy registry: all or nothing, every bad row reported with its line,
column and reason; the same file twice changes nothing; a substitution withdraws the old
candidacy (and its account) and registers the new one."""

import asyncio
import time
from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.capture.steps import importing
from services.runtime.settings import Settings
from tests.support.accounts import bearer
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import (
    REGISTRY_PATH as PATH,
)
from tests.support.registry import as_csv, as_json, as_xlsx, demo_rows, person, prepared
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)
ELECTION = demo_config().election_id


async def candidate_accounts(client: Any, admin: str) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/cuentas", headers=bearer(admin))
    return [
        a for a in (await response.json())["accounts"] if a["role"] in ("candidate", "independent")
    ]


@pytest.mark.parametrize(
    ("formato", "encode"), [("csv", as_csv), ("xlsx", as_xlsx), ("json", as_json)]
)
async def test_a_good_file_registers_every_formula_once(
    fresh: Settings, formato: str, encode: Any
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        body = encode(demo_rows())
        first = await client.post(
            PATH, params={"formato": formato}, data=body, headers=bearer(admin)
        )
        assert first.status == 200, await first.text()
        assert await first.json() == {
            "rows": 5,
            "candidacies": 4,
            "registered": 4,
            "updated": 0,
            "withdrawn": 0,
            "unchanged": 0,
            "normalised": [],  # the test's files are as the template says
        }
        found = await eventually(
            lambda: candidate_accounts(client, admin),
            lambda a: len(a) == 4,
            what="candidate accounts",
        )
        by_name = {a["nombre"]: a for a in found}
        assert by_name["José Ángel Ibáñez"]["scope"] == {"kind": "party", "id": "morena"}
        assert by_name["Raúl Cantú"]["role"] == "independent"

        again = await client.post(
            PATH, params={"formato": formato}, data=body, headers=bearer(admin)
        )
        assert (await again.json())["unchanged"] == 4
        assert (await again.json())["registered"] == 0


@pytest.mark.parametrize("shared", [False, True], ids=["one process", "in shares"])
async def test_a_bad_file_is_rejected_whole_with_every_problem_located(
    fresh: Settings, shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shared:  # as a large file is: its rows checked in a process a core
        monkeypatch.setattr(importing, "SHARED_FROM_BYTES", 0)
        monkeypatch.setattr(importing.os, "cpu_count", lambda: 3)
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        rows = demo_rows()
        rows[1]["nombres"] = ""  # line 3
        rows[2]["cargo"] = "gubernatura"  # line 4
        rows[3]["fecha_nacimiento"] = "31/02/1980"  # line 5
        rows.append(
            person(
                "F-MC-1",
                "propietaria",
                "Otra",
                "Persona",
                postulante="mc",
                accion_afirmativa="indigena",
            )
        )  # line 7: a second owner
        refused = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(rows), headers=bearer(admin)
        )
        assert refused.status == 422
        problem = await refused.json()
        located = [(e["line"], e["field"]) for e in problem["errors"]]
        assert {(3, "nombres"), (4, "cargo"), (5, "fecha_nacimiento"), (7, "calidad")} <= set(
            located
        )
        assert located == sorted(located)  # in the file's order
        assert all(e["reason"] for e in problem["errors"])
        assert "no se importó nada" in problem["detail"]

        good = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
        )
        assert (await good.json())["registered"] == 4  # nothing of the bad file had stayed


async def test_a_substitution_withdraws_the_old_candidacy_and_its_account(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh)
        await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
        )
        await eventually(
            lambda: candidate_accounts(client, admin), lambda a: len(a) == 4, what="accounts"
        )
        rows = demo_rows()
        rows[4]["estatus"] = "sustituida"
        rows.append(
            person("F-MC-2", "propietaria", "Elena", "Garza", postulante="mc", sustituye_a="F-MC-1")
        )
        changed = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(rows), headers=bearer(admin)
        )
        report = await changed.json()
        assert (report["registered"], report["withdrawn"], report["unchanged"]) == (1, 1, 3)

        async def statuses() -> dict[str, str]:
            return {a["nombre"]: a["status"] for a in await candidate_accounts(client, admin)}

        seen = await eventually(
            statuses,
            lambda s: s.get("Sofía Muñoz") == "revoked" and "Elena Garza" in s,
            what="substitution",
        )
        assert seen["Elena Garza"] == "pending"


async def test_only_admins_import(fresh: Settings) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        await prepared(client, fresh)
        anonymous = await client.post(PATH, params={"formato": "csv"}, data=as_csv(demo_rows()))
        assert anonymous.status == 401


def large_registry(formulas: int, districts: int) -> bytes:
    """Formulas of one party, each for a seat of its own: a district and a list place."""
    rows = []
    for n in range(formulas):
        seat = {"distrito": f"distrito-{n % districts + 1}", "numero_lista": n // districts + 1}
        rows.append(person(f"G-{n:06d}", "propietaria", "María José", f"Persona{n}", **seat))
        rows.append(person(f"G-{n:06d}", "suplente", "Ana Lucía", f"Persona{n}", **seat))
    return as_csv(rows)


@pytest.mark.timeout(400)
async def test_other_requests_answer_promptly_while_a_100000_row_import_runs(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh, districts=200)
        body = large_registry(50_000, districts=200)  # owner and alternate: 100,000 rows
        importing = asyncio.create_task(
            client.post(PATH, params={"formato": "csv"}, data=body, headers=bearer(admin))
        )
        # the longest wait for an answer, counted from the previous answer: a request
        # stuck behind the import (or a stalled event loop) shows here
        slowest, probes, last = 0.0, 0, time.monotonic()
        while not importing.done():
            answered = await client.get(f"/api/v1/elecciones/{ELECTION}", headers=bearer(admin))
            assert answered.status == 200, await answered.text()
            now = time.monotonic()
            slowest, probes, last = max(slowest, now - last), probes + 1, now
            await asyncio.wait([importing], timeout=0.1)  # the next probe, unless it ended
        report = await importing
        assert report.status == 200, await report.text()
        assert (await report.json())["registered"] == 50_000
        assert probes >= 10, probes  # the import took a while: the probes ran during it
        # a wait past the request timeout is what people saw as a 504 (8 s before the fix);
        # the services share this test's event loop, so the wall clock says it
        limit = fresh.request_timeout_s
        assert slowest < limit, f"a request waited {slowest:.1f} s behind the import"


async def test_a_file_over_the_row_limit_is_refused_at_once_naming_it(fresh: Settings) -> None:
    settings = fresh.model_copy(update={"registry_max_rows": 4})
    async with running(settings, accounts, capture), gateway_client(settings) as client:
        admin = await prepared(client, settings)
        refused = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
        )
        assert refused.status == 422
        assert "más de 4 filas" in (await refused.json())["detail"]
        rows = demo_rows()
        rows[1]["nombres"] = "x" * 140_000
        too_long = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(rows), headers=bearer(admin)
        )
        assert too_long.status == 422, await too_long.text()
        assert "línea 3, columna «nombres»" in (await too_long.json())["detail"]


@pytest.mark.parametrize(
    ("profile", "own_accounts"),
    [
        ("estado-de-mexico", {"María Fernanda Ávila Núñez", "Raúl Cantú"}),
        ("nuevo-leon", {"Raúl Cantú"}),  # the party's accounts capture for its candidacies
        ("tabasco", set()),  # the institute issues only the admin accounts (004 §10-13)
    ],
)
async def test_a_registered_candidacy_brings_an_account_only_where_the_profile_gives_one(
    fresh: Settings, profile: str, own_accounts: set[str]
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin = await prepared(client, fresh, profile)
        imported = await client.post(
            PATH, params={"formato": "csv"}, data=as_csv(demo_rows()), headers=bearer(admin)
        )
        assert imported.status == 200, await imported.text()
        # Accounts has heard of every candidacy once its mirror lists them on the board.
        await eventually(
            lambda: _board_independents(client, admin), lambda n: n == 1, what="candidacies"
        )
        names = {a["nombre"] for a in await candidate_accounts(client, admin)}
        assert {"María Fernanda Ávila Núñez", "Raúl Cantú"} & names == own_accounts


async def _board_independents(client: Any, admin: str) -> int:
    board = await (await client.get("/api/v1/entregas", headers=bearer(admin))).json()
    return sum(1 for d in board["deliveries"] if d["scope"]["kind"] == "independent")
