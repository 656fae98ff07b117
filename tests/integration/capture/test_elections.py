"""An admin configures an election under a shipped profile; other services learn it from
its event; a bad configuration is refused field by field and changes nothing."""

from typing import Any

import pytest

from services.accounts.service import definition as accounts
from services.capture.demo import demo_config
from services.capture.service import definition as capture
from services.runtime.settings import Settings
from tests.support.accounts import bearer, signed_in_admin
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(120)


async def test_an_admin_configures_an_election_and_accounts_learns_its_parties(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        config = demo_config().model_dump(mode="json")
        saved = await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)
        assert saved.status == 200, await saved.text()
        assert (await saved.json())["time_zone"] == "America/Monterrey"  # the profile's

        async def board() -> list[dict[str, Any]]:
            response = await client.get("/api/v1/entregas", headers=bearer(admin))
            return list((await response.json())["deliveries"])

        rows = await eventually(board, lambda b: len(b) == 5, what="parties known to accounts")
        assert "Partido Verde Ecologista de México (PVEM)" in {row["name"] for row in rows}
        listed = await (await client.get("/api/v1/elecciones", headers=bearer(admin))).json()
        assert [e["election_id"] for e in listed["elections"]] == [config["election_id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"profile": "atlantida"}, "profile"),
        ({"time_zone": "America/Gotham"}, "time_zone"),
        ({"parties": []}, "parties"),
    ],
)
async def test_a_bad_configuration_is_refused_and_changes_nothing(
    fresh: Settings, change: dict[str, Any], field: str
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        config = {**demo_config().model_dump(mode="json"), **change}
        refused = await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)
        assert refused.status == 422
        assert field in {problem["field"] for problem in (await refused.json())["errors"]}
        listed = await (await client.get("/api/v1/elecciones", headers=bearer(admin))).json()
        assert listed["elections"] == []


async def test_a_coalition_must_name_existing_parties_and_its_capturing_party(
    fresh: Settings,
) -> None:
    async with running(fresh, capture), gateway_client(fresh) as client:
        config = demo_config().model_dump(mode="json")
        config["coalitions"][0]["capturing_party"] = "pan"
        async with running(fresh, accounts):
            admin, _ = await signed_in_admin(fresh, client)
            refused = await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)
        assert refused.status == 422
        assert "coalición" in str(await refused.json())


@pytest.mark.parametrize(("profile", "accepted"), [("nuevo-leon", False), ("zacatecas", True)])
async def test_an_election_elects_only_offices_its_profile_provides(
    fresh: Settings, profile: str, accepted: bool
) -> None:
    """Nuevo León elects local deputies and town halls; Zacatecas also names its
    proportional-representation deputies."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        config = demo_config().model_dump(mode="json")
        config["profile"] = profile
        config["offices"].append(
            {"id": "diputacion-rp", "name": "Diputación de representación proporcional"}
        )
        configured = await client.post("/api/v1/elecciones", headers=bearer(admin), json=config)
        if accepted:
            assert configured.status == 200, await configured.text()
            return
        assert configured.status == 422
        problem = await configured.json()
        assert [e["field"] for e in problem["errors"]] == ["offices.2.name"]
        assert "no es un cargo que prevea" in problem["errors"][0]["reason"]
        listed = await (await client.get("/api/v1/elecciones", headers=bearer(admin))).json()
        assert listed["elections"] == []  # nothing saved


async def test_a_reconfigured_election_is_read_as_changed(fresh: Settings) -> None:
    """Capture keeps each election as it parsed it, by its row's version: a change of the
    configuration is seen by the very next request."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        admin, _ = await signed_in_admin(fresh, client)
        config = demo_config().model_dump(mode="json")
        path = f"/api/v1/elecciones/{config['election_id']}"
        for name in ("Proceso electoral local", "Proceso electoral local, corregido"):
            saved = await client.post(
                "/api/v1/elecciones", headers=bearer(admin), json={**config, "name": name}
            )
            assert saved.status == 200, await saved.text()
            read = await client.get(path, headers=bearer(admin))
            assert (await read.json())["name"] == name
