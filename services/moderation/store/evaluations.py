"""The ``cedula_marks`` table: the verifier's marks on each candidacy's Cédula variables,
one scoring after another, never changed (the history is kept, 0003_cedula.sql)."""

from datetime import datetime

from services.runtime.typed_rows import Conn, Row


class Mark(Row):
    """A variable's latest mark under one rubric."""

    candidacy_id: str
    variable_id: str
    met: bool
    marked_by: str
    marked_at: datetime
    scoring: int


LATEST = """SELECT DISTINCT ON (candidacy_id, variable_id)
                candidacy_id, variable_id, met, marked_by, marked_at, scoring
            FROM cedula_marks"""


async def latest_marks(conn: Conn, candidacy_id: str, rubric: str) -> list[Mark]:
    return await Mark.many(
        conn,
        f"""{LATEST} WHERE candidacy_id = $1 AND rubric = $2
            ORDER BY candidacy_id, variable_id, scoring DESC""",
        candidacy_id,
        rubric,
    )


async def latest_marks_in(
    conn: Conn, election_id: str, rubric: str, capturing_party: str | None = None
) -> list[Mark]:
    """The latest marks of every live validated candidacy of the election (of one party
    when given)."""
    return await Mark.many(
        conn,
        f"""{LATEST} WHERE rubric = $2 AND candidacy_id IN (
                SELECT candidacy_id FROM candidacies
                WHERE election_id = $1 AND validated_at IS NOT NULL AND withdrawn_at IS NULL
                  AND ($3::text IS NULL OR capturing_party = $3))
            ORDER BY candidacy_id, variable_id, scoring DESC""",
        election_id,
        rubric,
        capturing_party,
    )


async def add_scoring(
    conn: Conn,
    candidacy_id: str,
    rubric: str,
    marks: dict[str, bool],
    marked_by: str,
    now: datetime,
) -> int:
    """The candidacy's next scoring, with these marks; its number. Two verifiers scoring
    the same candidacy at once take turns on its row, so each scoring has its own number."""
    await conn.execute("SELECT 1 FROM candidacies WHERE candidacy_id = $1 FOR UPDATE", candidacy_id)
    scoring: int = await conn.fetchval(
        "SELECT coalesce(max(scoring), 0) + 1 FROM cedula_marks WHERE candidacy_id = $1",
        candidacy_id,
    )
    await conn.executemany(
        """INSERT INTO cedula_marks (candidacy_id, scoring, rubric, variable_id, met,
               marked_by, marked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        [
            (candidacy_id, scoring, rubric, variable_id, met, marked_by, now)
            for variable_id, met in marks.items()
        ],
    )
    return scoring
