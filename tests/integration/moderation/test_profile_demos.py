"""What ``make up PROFILE=…`` leaves for a newcomer under each profile whose demo is a
file (deploy/demo/): the demo hooks loaded as the launcher loads them, with accounts,
capture, moderation and publication running, make public exactly the validated
candidacies the profile lets out (where the institute authorises publication, only the
authorised ones), print a code for each demo account and the profile's guide, and
loading again changes nothing."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from contracts.demo import DEMO_FILES, read_demo
from services.accounts.service import definition as accounts
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.service import definition as capture
from services.launcher.definitions import demo_in_order, service_definitions
from services.moderation.service import definition as moderation
from services.publication.service import definition as publication
from services.runtime.settings import Settings
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(300)
Client = TestClient[Any, Any]
FILE_PROFILES = sorted(path.stem for path in DEMO_FILES.glob("*.toml"))


async def load_demo(settings: Settings) -> str:
    lines: list[str] = []
    for demo in demo_in_order(service_definitions()):
        lines += await demo.load(settings)
    return "\n".join(lines)


async def public_ids(client: Client) -> set[str]:
    listed = await client.get("/api/v1/publico/candidaturas", params={"por_pagina": "50"})
    assert listed.status == 200, await listed.text()
    return {c["candidacy_id"] for c in (await listed.json())["candidaturas"]}


@pytest.mark.parametrize("profile", FILE_PROFILES)
async def test_each_profiles_demo_publishes_what_its_procedure_lets_out(
    fresh: Settings, profile: str
) -> None:
    demo = read_demo(profile)
    rules = load_profile(SHIPPED / f"{profile}.toml")
    settings = fresh.model_copy(update={"demo_profile": profile})
    expected = {
        f.key for f in demo.captured if f.authorised or not rules.publication.institute_authorises
    }
    async with (
        running(settings, accounts, capture, moderation, publication),
        gateway_client(settings) as client,
    ):
        printed = await load_demo(settings)
        for account in demo.accounts:
            named = account.name
            if account.scope == "candidacy":  # issued when registered, named for its owner
                owner = demo.formula(str(account.of)).owner
                named = f"{owner.names} {owner.first_surname} {owner.second_surname}"
            assert f"({named}): actívela en" in printed, (account, printed)
        assert demo.guide in printed
        assert f"{demo.flagged}, en espera en la cola de moderación" in printed
        shown = await eventually(
            lambda: public_ids(client), lambda ids: ids >= expected, what="public"
        )
        assert shown == expected, "no draft, and nothing the institute did not authorise"

        again = await load_demo(settings)
        assert demo.guide in again
        assert await public_ids(client) == expected
