"""The ``published_checks`` table: each time the institute checked a published candidacy
against the guidelines (000 §5.6, 004 §4.IV, §34), and what is published to check."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class Published(Row):
    candidacy_id: str
    election_id: str
    owner_name: str
    office: str
    capturing_party: str | None
    validated_at: datetime
    authorised_at: datetime | None
    restricted: bool
    last_checked_at: datetime | None


class Check(Row):
    candidacy_id: str
    note: str
    checked_at: datetime


SELECT = """SELECT c.candidacy_id, c.election_id, c.owner_name, c.office, c.capturing_party,
                   c.validated_at,
                   a.authorised_at,
                   coalesce(r.profile_disabled OR cardinality(r.disabled_fields) > 0, false)
                       AS restricted,
                   (SELECT max(k.checked_at) FROM published_checks k
                    WHERE k.candidacy_id = c.candidacy_id) AS last_checked_at
            FROM candidacies c
            LEFT JOIN authorisations a USING (candidacy_id)
            LEFT JOIN restrictions r USING (candidacy_id)"""
PUBLISHED = """c.validated_at IS NOT NULL AND c.withdrawn_at IS NULL
               AND (NOT $2::boolean OR a.candidacy_id IS NOT NULL)"""


async def published(conn: Conn, election_id: str, authorisation_required: bool) -> list[Published]:
    """The election's published candidacies (validated, live, authorised where required),
    the never checked first, then the checked longest ago."""
    return await Published.many(
        conn,
        f"""SELECT * FROM ({SELECT} WHERE c.election_id = $1 AND {PUBLISHED}) listed
            ORDER BY last_checked_at NULLS FIRST, validated_at, candidacy_id""",
        election_id,
        authorisation_required,
    )


async def one(conn: Conn, candidacy_id: str, authorisation_required: bool) -> Published | None:
    return await Published.one(
        conn,
        f"{SELECT} WHERE c.candidacy_id = $1 AND {PUBLISHED}",
        candidacy_id,
        authorisation_required,
    )


async def checks_of(conn: Conn, candidacy_ids: list[str]) -> list[Check]:
    """These candidacies' checks, the latest first."""
    return await Check.many(
        conn,
        f"""SELECT {Check.columns()} FROM published_checks WHERE candidacy_id = ANY($1::text[])
            ORDER BY checked_at DESC, check_id""",
        candidacy_ids,
    )


async def insert_check(
    conn: Conn, check_id: str, candidacy_id: str, note: str, checked_by: str, now: datetime
) -> None:
    await conn.execute(
        """INSERT INTO published_checks (check_id, candidacy_id, note, checked_by, checked_at)
           VALUES ($1, $2, $3, $4, $5)""",
        check_id,
        candidacy_id,
        note,
        checked_by,
        now,
    )
