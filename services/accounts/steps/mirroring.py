"""Mirroring capture's elections as accounts needs them: each election's account rules
(party admins, the delivery deadline) and its parties."""

import asyncpg

from contracts.envelope import utc_now
from contracts.events.capture import ElectionConfigured
from services.accounts.store import elections


async def mirror_election(conn: asyncpg.Connection, election: ElectionConfigured) -> None:
    await elections.upsert_election(conn, election, utc_now())
