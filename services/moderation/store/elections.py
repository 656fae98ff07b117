"""The ``elections`` table: what moderation knows of each election, from
``election.configured``: its parties, the profile's knobs and the catalogue."""

from datetime import datetime

from pydantic import Json, TypeAdapter

from contracts.events.capture import ElectionCatalogue, ElectionConfigured, PartyInfo
from contracts.profile import InstituteProfile
from services.runtime.typed_rows import Conn, Row

PARTIES = TypeAdapter(list[PartyInfo])


class KnownElection(Row):
    election_id: str
    name: str
    time_zone: str
    parties: Json[list[PartyInfo]]
    rules: Json[InstituteProfile] | None
    catalogue: Json[ElectionCatalogue]

    @property
    def profile(self) -> InstituteProfile:
        """The knobs; an election announced before they travelled takes the common rule."""
        if self.rules is not None:
            return self.rules
        return InstituteProfile(
            name="comun", institute=self.name, seed="-", time_zone=self.time_zone, offices=["-"]
        )


async def upsert_election(conn: Conn, election: ElectionConfigured, now: datetime) -> None:
    await conn.execute(
        """INSERT INTO elections (election_id, name, time_zone, parties, rules, catalogue,
               updated_at)
           VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7)
           ON CONFLICT (election_id) DO UPDATE SET name = $2, time_zone = $3,
               parties = $4::jsonb, rules = $5::jsonb, catalogue = $6::jsonb, updated_at = $7""",
        election.election_id,
        election.name,
        election.time_zone,
        PARTIES.dump_json(election.parties).decode(),
        None if election.rules is None else election.rules.model_dump_json(),
        election.catalogue.model_dump_json(),
        now,
    )


async def election(conn: Conn, election_id: str) -> KnownElection | None:
    return await KnownElection.one(
        conn, f"SELECT {KnownElection.columns()} FROM elections WHERE election_id = $1", election_id
    )
