"""What moderation keeps of capture's events: each election's parties, knobs and
catalogue, each candidacy's party and owner, and when it left (substituted or cancelled:
it leaves the queue with it, 000 §3.14)."""

from contracts.envelope import utc_now
from contracts.events.capture import CandidacyRegistered, CandidacyWithdrawn, ElectionConfigured
from services.moderation.steps.screening import forget_proposals
from services.moderation.store import candidacies, elections
from services.runtime.connections import Connection


async def mirror_election(conn: Connection, election: ElectionConfigured) -> None:
    await elections.upsert_election(conn, election, utc_now())


async def mirror_candidacy(conn: Connection, registered: CandidacyRegistered) -> None:
    await candidacies.register(conn, registered)


async def mirror_withdrawal(conn: Connection, withdrawn: CandidacyWithdrawn) -> None:
    """It leaves the queue, and its proposals are no longer an original to copy."""
    await candidacies.withdraw(conn, withdrawn.candidacy_id, utc_now())
    await forget_proposals(conn, withdrawn.candidacy_id)
