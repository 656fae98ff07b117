"""The ``elections`` table: each election's account rules and parties, as capture's
``election.configured`` event describes them."""

import json
from datetime import date, datetime

from pydantic import field_validator

from contracts.events.capture import ElectionConfigured, PartyInfo
from services.runtime.typed_rows import Conn, Row


class Election(Row):
    election_id: str
    name: str
    time_zone: str
    institute: str | None
    candidacy_accounts: bool
    party_admin_accounts: bool
    credentials_delivery_days: int | None
    parties: tuple[PartyInfo, ...]
    campaigns_start: date | None

    @field_validator("parties", mode="before")
    @classmethod
    def _parties_from_json(cls, parties: object) -> object:
        return json.loads(parties) if isinstance(parties, str) else parties


async def upsert_election(conn: Conn, election: ElectionConfigured, now: datetime) -> None:
    await conn.execute(
        """INSERT INTO elections (election_id, name, time_zone, party_admin_accounts,
               credentials_delivery_days, parties, updated_at, institute, candidacy_accounts,
               campaigns_start)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
           ON CONFLICT (election_id) DO UPDATE SET name = $2, time_zone = $3,
               party_admin_accounts = $4, credentials_delivery_days = $5, parties = $6::jsonb,
               updated_at = $7, institute = $8, candidacy_accounts = $9,
               campaigns_start = $10""",
        election.election_id,
        election.name,
        election.time_zone,
        election.accounts.party_admin_accounts,
        election.accounts.credentials_delivery_days,
        json.dumps([party.model_dump() for party in election.parties]),
        now,
        election.institute,
        election.accounts.candidacy_accounts,
        election.campaigns_start,
    )


async def election(conn: Conn, election_id: str) -> Election | None:
    return await Election.one(
        conn, f"SELECT {Election.columns()} FROM elections WHERE election_id = $1", election_id
    )


async def all_elections(conn: Conn) -> list[Election]:
    return await Election.many(
        conn, f"SELECT {Election.columns()} FROM elections ORDER BY election_id"
    )
