"""Durango's bitácora is reported to the institute's transparency commission (003 §34):
support reads so above the bitácora's download, where another profile says nothing of it."""

import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.incidents.service import definition as incidents
from services.runtime.settings import Settings
from tests.support.accounts import bearer, staff_session
from tests.support.capture import ELECTION, election_under
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(180)
SAYS = "informa de esta bitácora a su Comisión de Transparencia"


@pytest.mark.parametrize(("profile", "reported"), [("durango", True), ("nuevo-leon", False)])
async def test_support_reads_whether_the_bitacora_goes_to_the_commission(
    fresh: Settings, profile: str, reported: bool
) -> None:
    async with running(fresh, accounts, capture, incidents), gateway_client(fresh) as client:
        admin = await election_under(client, fresh, profile)
        support = await staff_session(client, admin, "support", ELECTION)

        async def listed() -> bool:
            answer = await client.get("/api/v1/incidentes", headers=bearer(support))
            assert answer.status == 200, await answer.text()
            return bool((await answer.json())["reported_to_commission"])

        await eventually(listed, lambda said: said is reported, what="the profile heard")
        page = await client.get("/incidentes", headers=bearer(support))
        assert page.status == 200
        assert (SAYS in " ".join((await page.text()).split())) is reported
