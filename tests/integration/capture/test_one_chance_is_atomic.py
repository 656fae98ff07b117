"""One chance (000 §3.16) holds under concurrency: a save and a submission of the same
candidacy never both pass the draft check; whichever commits first, the other sees it.

The interleaving is forced, not hoped for: the test holds a table lock that one request
needs midway, waits (on PostgreSQL's own view of who waits) until the other request has
gone as far as it can, then lets go.
"""

import asyncio
from typing import Any

import asyncpg
import pytest

from services.accounts.service import definition as accounts
from services.capture.service import definition as capture
from services.runtime import database
from services.runtime.settings import Settings
from tests.support.accounts import bearer, issue_party, session_of
from tests.support.capture import ELECTION, TEXT, capture_all, election_under, path, submit
from tests.support.gateway import gateway_client
from tests.support.hosts import running
from tests.support.waiting import eventually

pytestmark = pytest.mark.timeout(240)


async def waiting_on_locks(conn: asyncpg.Connection) -> int:
    """Capture's statements that wait for a lock another transaction holds."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        )
    )


async def both_stuck_or_done(conn: asyncpg.Connection, second: asyncio.Task[Any]) -> None:
    """The second request has either finished or is waiting too."""
    await eventually(
        lambda: waiting_on_locks(conn),
        lambda waiting: waiting >= 2 or second.done(),
        what="the second request finished or waits",
    )


async def captured_pan(client: Any, settings: Settings) -> str:
    admin = await election_under(client, settings, "nuevo-leon")
    capturist = await session_of(
        client, (await issue_party(client, admin, "pan", ELECTION))["capturist"]
    )
    await capture_all(client, capturist, "F-PAN-1")
    return capturist


async def test_a_save_in_flight_when_submitting_is_seen_by_the_submission(
    fresh: Settings,
) -> None:
    """The save blanks a required answer and is held midway; the submission must wait for
    it and then refuse for what is missing — not submit the old answers while the blank
    commits after it."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        capturist = await captured_pan(client, fresh)
        db = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            holder = db.transaction()
            await holder.start()
            await db.execute("LOCK TABLE capture.saves IN EXCLUSIVE MODE")
            saving = asyncio.create_task(
                client.put(
                    path("F-PAN-1", "curricular"),
                    headers=bearer(capturist),
                    json={"respuestas": {"propuesta_1": ""}},
                )
            )
            await eventually(lambda: waiting_on_locks(db), lambda n: n >= 1, what="save held")
            submitting = asyncio.create_task(submit(client, capturist, "F-PAN-1", True))
            await both_stuck_or_done(db, submitting)
            await holder.rollback()
            saved, submitted = await saving, await submitting
        finally:
            await db.close()
        assert saved.status == 200, await saved.text()
        outcome = await submitted.json()
        assert outcome["submitted"] is False, "submitted while a blanking save committed after"
        assert "propuesta_1" in outcome["missing"]["curricular"]


async def test_a_save_racing_a_submission_is_refused_once_it_lands(fresh: Settings) -> None:
    """The submission is held midway (its activity entry waits on the outbox); a save
    arriving then must wait and be refused, not commit after the submission."""
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        capturist = await captured_pan(client, fresh)
        db = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            holder = db.transaction()
            await holder.start()
            await db.execute("LOCK TABLE capture.outbox IN EXCLUSIVE MODE")
            submitting = asyncio.create_task(submit(client, capturist, "F-PAN-1", True))
            await eventually(lambda: waiting_on_locks(db), lambda n: n >= 1, what="submit held")
            saving = asyncio.create_task(
                client.put(
                    path("F-PAN-1", "curricular"),
                    headers=bearer(capturist),
                    json={"respuestas": {"propuesta_1": TEXT + " y otra cosa"}},
                )
            )
            await both_stuck_or_done(db, saving)
            await holder.rollback()
            submitted, saved = await submitting, await saving
        finally:
            await db.close()
        assert (await submitted.json())["submitted"] is True
        assert saved.status == 409, await saved.text()
        assert "una sola oportunidad" in (await saved.json())["detail"]


async def test_many_concurrent_saves_and_submissions_make_exactly_one_submission(
    fresh: Settings,
) -> None:
    async with running(fresh, accounts, capture), gateway_client(fresh) as client:
        capturist = await captured_pan(client, fresh)
        saves = [
            client.put(
                path("F-PAN-1", "curricular"),
                headers=bearer(capturist),
                json={"respuestas": {"propuesta_1": f"{TEXT} versión {n}"}},
            )
            for n in range(24)
        ]
        submissions = [submit(client, capturist, "F-PAN-1", True) for _ in range(8)]
        replies = await asyncio.gather(*saves, *submissions)
        saved, submitted = replies[: len(saves)], replies[len(saves) :]
        statuses = [r.status for r in replies]
        assert set(statuses) <= {200, 409}, statuses  # each one answered, none failed
        for refused in (r for r in saved if r.status == 409):  # refused as too late, only
            assert "una sola oportunidad" in (await refused.json())["detail"]
        accepted = [r for r in submitted if r.status == 200 and (await r.json())["submitted"]]
        assert len(accepted) == 1, statuses  # exactly one submission

        db = await asyncpg.connect(database.admin_dsn(fresh, database=fresh.instance))
        try:
            submitted_at = await db.fetchval(
                "SELECT submitted_at FROM capture.candidacies WHERE candidacy_id = 'F-PAN-1'"
            )
            late = await db.fetchval(
                "SELECT count(*) FROM capture.saves WHERE candidacy_id = 'F-PAN-1' "
                "AND saved_at >= $1",
                submitted_at,
            )
            submissions_logged = await db.fetchval(
                "SELECT count(*) FROM capture.outbox WHERE envelope -> 'data' ->> 'action' "
                "= 'candidacy.submit' AND envelope -> 'data' ->> 'outcome' = 'ok'"
            )
        finally:
            await db.close()
        assert late == 0, statuses  # no save after the submission
        assert submissions_logged == 1
