"""The ``authorisations`` table: the institute's authorisation of a validated candidacy's
publication (002 §II.C), and the queue of those still awaiting it."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class Awaiting(Row):
    candidacy_id: str
    election_id: str
    owner_name: str
    office: str
    district: str | None
    municipality: str | None
    capturing_party: str | None
    validated_at: datetime
    authorised_at: datetime | None


SELECT = """SELECT c.candidacy_id, c.election_id, c.owner_name, c.office, c.district,
                   c.municipality,
                   c.capturing_party, c.validated_at, a.authorised_at
            FROM candidacies c LEFT JOIN authorisations a USING (candidacy_id)"""
LIVE = "c.validated_at IS NOT NULL AND c.withdrawn_at IS NULL"


async def awaiting(conn: Conn, election_id: str) -> list[Awaiting]:
    """The election's live validated candidacies not authorised yet, the oldest first."""
    return await Awaiting.many(
        conn,
        f"""{SELECT} WHERE c.election_id = $1 AND {LIVE} AND a.candidacy_id IS NULL
            ORDER BY c.validated_at, c.candidacy_id""",
        election_id,
    )


async def one(conn: Conn, candidacy_id: str) -> Awaiting | None:
    return await Awaiting.one(conn, f"{SELECT} WHERE c.candidacy_id = $1 AND {LIVE}", candidacy_id)


async def authorise(conn: Conn, candidacy_id: str, authorised_by: str, now: datetime) -> bool:
    """False when it was authorised already."""
    done = await conn.execute(
        """INSERT INTO authorisations (candidacy_id, authorised_by, authorised_at)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""",
        candidacy_id,
        authorised_by,
        now,
    )
    return str(done).endswith(" 1")
