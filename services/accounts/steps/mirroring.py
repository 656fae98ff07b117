"""Mirroring capture's elections as accounts needs them: each election's account rules
(party admins, the delivery deadline) and its parties."""

from contracts.envelope import utc_now
from contracts.events.capture import ElectionConfigured
from services.accounts.store import elections
from services.runtime.connections import Connection


async def mirror_election(conn: Connection, election: ElectionConfigured) -> None:
    await elections.upsert_election(conn, election, utc_now())
