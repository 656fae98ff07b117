"""Suppressing a withdrawn candidacy's identity answers (000 §9.5).

A substitution or cancellation schedules it (the profile says how long the answers are
kept first); this timer then destroys the candidacy's data key: the sealed answers stay
in the table but no one can open them any more, backups included. Each suppression is
an activity entry.
"""

import datetime as dt

import asyncpg

from contracts.activity import ActivityTarget, Outcome
from contracts.envelope import utc_now
from contracts.profile import InstituteProfile
from services.capture import store
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps
from services.runtime.timers import Timer


async def schedule(
    conn: asyncpg.Connection, candidacy_id: str, profile: InstituteProfile, now: dt.datetime
) -> None:
    delay = dt.timedelta(days=profile.consent.suppress_withdrawn_after_days)
    await store.schedule_suppression(conn, candidacy_id, now + delay)


async def suppress_due(deps: ServiceDeps) -> None:
    now = utc_now()
    async with deps.pool.acquire() as conn:
        for candidacy_id in await store.due_suppressions(conn, now):
            async with conn.transaction():
                await store.destroy_data_key(conn, candidacy_id, now)
                await record_activity(
                    conn,
                    deps.outbox,
                    action="identity.suppress",
                    outcome=Outcome.OK,
                    target=ActivityTarget(kind="candidacy", id=candidacy_id),
                )


SUPPRESSION_TIMER = Timer("capture.identity-suppression", 3600.0, suppress_due)
