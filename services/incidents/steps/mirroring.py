"""What incidents keeps of capture's elections: the institute's time zone, the election's
non-working days and the profile's rule for when an incident is due."""

from contracts.envelope import utc_now
from contracts.events.capture import ElectionConfigured
from services.incidents.store import elections
from services.runtime.connections import Connection


async def mirror_election(conn: Connection, election: ElectionConfigured) -> None:
    await elections.upsert_election(conn, election, utc_now())
