"""The ``elections`` table: what publication knows of each election, from
``election.configured``, and when its publication started (001 §14)."""

from datetime import datetime

from pydantic import Json, TypeAdapter

from contracts.events.capture import ElectionCatalogue, ElectionConfigured, PartyInfo
from contracts.profile import InstituteProfile
from services.runtime.typed_rows import Conn, Row

PARTIES = TypeAdapter(list[PartyInfo])


class KnownElection(Row):
    election_id: str
    name: str
    institute: str | None
    time_zone: str
    parties: Json[list[PartyInfo]]
    rules: Json[InstituteProfile] | None
    catalogue: Json[ElectionCatalogue]
    started_at: datetime | None
    updated_at: datetime
    document_sequence: int

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
        """INSERT INTO elections (election_id, name, institute, time_zone, parties, rules,
               catalogue, updated_at, document_sequence)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, 1)
           ON CONFLICT (election_id) DO UPDATE SET name = $2, institute = $3, time_zone = $4,
               parties = $5::jsonb, rules = $6::jsonb, catalogue = $7::jsonb, updated_at = $8,
               document_sequence = elections.document_sequence + 1""",
        election.election_id,
        election.name,
        election.institute,
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


async def not_started(conn: Conn) -> list[KnownElection]:
    """Elections whose publication has not started yet."""
    return await KnownElection.many(
        conn, f"SELECT {KnownElection.columns()} FROM elections WHERE started_at IS NULL"
    )


async def mark_started(conn: Conn, election_id: str, now: datetime) -> bool:
    """Note the start once; False when another tick noted it first."""
    status = await conn.execute(
        "UPDATE elections SET started_at = $2, updated_at = $2, "
        "document_sequence = document_sequence + 1 "
        "WHERE election_id = $1 AND started_at IS NULL",
        election_id,
        now,
    )
    return status.endswith(" 1")


async def every_election(conn: Conn) -> list[KnownElection]:
    """Every election publication knows, oldest first (backups read their knobs)."""
    return await KnownElection.many(
        conn, f"SELECT {KnownElection.columns()} FROM elections ORDER BY election_id"
    )
