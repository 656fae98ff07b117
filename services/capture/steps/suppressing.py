"""Suppressing a withdrawn candidacy's identity answers (000 §9.5).

A substitution or cancellation schedules it (the profile says how long the answers are
kept first); then the candidacy's data key is destroyed: the sealed answers stay in the
table but no one can open them any more, backups included. Each suppression is an
activity entry.
"""

import datetime as dt

from contracts.profile import InstituteProfile
from services.capture.steps.recording import SYSTEM, on_candidacy, record
from services.capture.store import data_keys
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps


async def schedule_suppression(
    conn: Connection, candidacy_id: str, profile: InstituteProfile, now: dt.datetime
) -> None:
    delay = dt.timedelta(days=profile.consent.suppress_withdrawn_after_days)
    await data_keys.schedule_suppression(conn, candidacy_id, now + delay)


async def suppress_due(deps: ServiceDeps, now: dt.datetime) -> None:
    """Destroy the data key of every candidacy whose suppression is due, one at a time."""
    async with deps.pool.acquire() as conn:
        for candidacy_id in await data_keys.due_suppressions(conn, now):
            async with conn.transaction():
                await data_keys.destroy_data_key(conn, candidacy_id, now)
                await record(
                    conn, deps.outbox, SYSTEM, "identity.suppress", on_candidacy(candidacy_id)
                )
