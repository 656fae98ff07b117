"""A substituted candidacy's identity answers are suppressed once their time is up
(000 §9.5): its data key is destroyed, and nobody can read them again."""

import asyncpg
import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.capture.timers import suppress_due
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, IDENTITY, election_under, path
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.registry import as_csv, demo_rows, person

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize(
    "retention",
    [None, 7],
    ids=["the profile file's figure", "another institute's figure"],
)
async def test_a_withdrawn_candidacys_identity_answers_are_suppressed_when_due(
    fresh: Settings, retention: int | None
) -> None:
    """The answers are kept as long as the election's profile says (each profile file
    states its institute's figure; none of the seeds gives one), then suppressed."""
    async with running(fresh, accounts, capture) as hosts, gateway_client(fresh) as client:
        admin = await election_under(client, fresh, "nuevo-leon")
        if retention is not None:
            await _keep_withdrawn_answers(fresh, days=retention)
        pan = await issue_party(client, admin, "pan", ELECTION)
        capturist, supervisor = (
            await session_of(client, pan["capturist"]),
            await session_of(client, pan["supervisor"]),
        )
        await client.put(
            path("F-PAN-1", "identidad"), headers=bearer(capturist), json={"respuestas": IDENTITY}
        )
        rows = [
            *demo_rows(),
            person("F-PAN-2", "propietaria", "Elena", "Garza", sustituye_a="F-PAN-1"),
        ]
        rows[0]["estatus"] = rows[1]["estatus"] = "sustituida"
        await client.post(
            f"/api/v1/elecciones/{ELECTION}/registro",
            params={"formato": "csv"},
            data=as_csv(rows),
            headers=bearer(admin),
        )

        deps = hosts[1].deps
        await suppress_due(deps)  # not yet due: kept for now
        before = await client.get(path("F-PAN-1", "identidad"), headers=bearer(supervisor))
        assert (await before.json())["respuestas"]["indigena"] == "Sí"

        conn = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            scheduled = await conn.fetchval(
                "SELECT suppress_after - withdrawn_at FROM capture.candidacies "
                "WHERE candidacy_id = 'F-PAN-1'"
            )
            assert scheduled.days == (retention or 30)  # the profile's retention
            await conn.execute(
                "UPDATE capture.candidacies SET suppress_after = now() "
                "WHERE candidacy_id = 'F-PAN-1'"
            )
        finally:
            await conn.close()
        await suppress_due(deps)
        after = await client.get(path("F-PAN-1", "identidad"), headers=bearer(supervisor))
        assert after.status == 409
        assert "suprimieron" in (await after.json())["detail"]


async def _keep_withdrawn_answers(settings: Settings, days: int) -> None:
    """The running election's profile, as stored, keeps withdrawn answers ``days`` days."""
    conn = await asyncpg.connect(database.admin_dsn(settings, database=settings.instance))
    try:
        await conn.execute(
            "UPDATE capture.elections SET profile = jsonb_set(profile, "
            "'{consent,suppress_withdrawn_after_days}', to_jsonb($1::int))",
            days,
        )
    finally:
        await conn.close()
