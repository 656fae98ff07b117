"""The ``candidacies`` table: capture's registered candidacies, as accounts needs them
(whose party captures each, its owner, when it was approved and withdrawn)."""

from datetime import datetime

from contracts.events.capture import CandidacyRegistered
from services.runtime.typed_rows import Conn, Row


class Candidacy(Row):
    candidacy_id: str
    election_id: str
    capturing_party_id: str | None
    owner_name: str
    office: str
    approved_at: datetime
    withdrawn_at: datetime | None
    replaces: str | None  # the candidacy it substitutes

    @property
    def scope_id(self) -> str:
        """The scope whose accounts reach it: its capturing party, or itself (independent)."""
        return self.capturing_party_id or self.candidacy_id


async def upsert_candidacy(conn: Conn, candidacy: CandidacyRegistered) -> None:
    await conn.execute(
        """INSERT INTO candidacies (candidacy_id, election_id, capturing_party_id, owner_name,
               office, approved_at, replaces)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (candidacy_id) DO UPDATE SET capturing_party_id = $3, owner_name = $4,
               office = $5, approved_at = $6, replaces = $7""",
        candidacy.candidacy_id,
        candidacy.election_id,
        candidacy.capturing_party_id,
        candidacy.owner_name,
        candidacy.office,
        candidacy.approved_at,
        candidacy.replaces,
    )


async def candidacy(conn: Conn, candidacy_id: str) -> Candidacy | None:
    return await Candidacy.one(
        conn, f"SELECT {Candidacy.columns()} FROM candidacies WHERE candidacy_id = $1", candidacy_id
    )


async def withdraw_candidacy(conn: Conn, candidacy_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE candidacies SET withdrawn_at = coalesce(withdrawn_at, $2) WHERE candidacy_id = $1",
        candidacy_id,
        now,
    )


async def live_candidacies(conn: Conn, election_id: str) -> list[Candidacy]:
    return await Candidacy.many(
        conn,
        f"SELECT {Candidacy.columns()} FROM candidacies "
        "WHERE election_id = $1 AND withdrawn_at IS NULL ORDER BY owner_name",
        election_id,
    )
