"""The ``profiles`` table: the read model, one row per candidacy ever public, with what
the public sees of it now and the change that wrote it."""

from datetime import datetime

from pydantic import Json

from contracts.publication import EntryState, PublicProfile
from services.runtime.typed_rows import Conn, Row


class HeldProfile(Row):
    candidacy_id: str
    election_id: str
    state: EntryState
    document: Json[PublicProfile] | None
    sequence: int
    published_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None


async def profile(conn: Conn, candidacy_id: str) -> HeldProfile | None:
    return await HeldProfile.one(
        conn, f"SELECT {HeldProfile.columns()} FROM profiles WHERE candidacy_id = $1", candidacy_id
    )


async def save_profile(conn: Conn, held: HeldProfile) -> None:
    await conn.execute(
        """INSERT INTO profiles (candidacy_id, election_id, state, document, sequence,
               published_at, updated_at, withdrawn_at)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
           ON CONFLICT (candidacy_id) DO UPDATE SET state = $3, document = $4::jsonb,
               sequence = $5, published_at = $6, updated_at = $7, withdrawn_at = $8""",
        held.candidacy_id,
        held.election_id,
        held.state.value,
        None if held.document is None else held.document.model_dump_json(),
        held.sequence,
        held.published_at,
        held.updated_at,
        held.withdrawn_at,
    )


async def every_candidacy_id(conn: Conn) -> list[str]:
    """Every candidacy ever public (what the public bucket is refilled with)."""
    return [r["candidacy_id"] for r in await conn.fetch("SELECT candidacy_id FROM profiles")]
