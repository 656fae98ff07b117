"""The ``cedula_marks`` table: the verifier's marks on each person's Cédula variables —
the owner's and the alternate's of a candidacy apart (004 §46, 0007_alternates.sql) —
one scoring after another, never changed (the history is kept, 0003_cedula.sql)."""

from datetime import datetime

from contracts.events.capture import Person
from services.runtime.typed_rows import Conn, Row


class Mark(Row):
    """A variable's latest mark of one person under one rubric."""

    candidacy_id: str
    persona: Person
    variable_id: str
    met: bool
    marked_by: str
    marked_at: datetime
    scoring: int


LATEST = """SELECT DISTINCT ON (candidacy_id, persona, variable_id)
                candidacy_id, persona, variable_id, met, marked_by, marked_at, scoring
            FROM cedula_marks"""


async def latest_marks(
    conn: Conn, candidacy_id: str, rubric: str, persona: Person = Person.OWNER
) -> list[Mark]:
    return await Mark.many(
        conn,
        f"""{LATEST} WHERE candidacy_id = $1 AND rubric = $2 AND persona = $3
            ORDER BY candidacy_id, persona, variable_id, scoring DESC""",
        candidacy_id,
        rubric,
        persona.value,
    )


async def latest_marks_in(
    conn: Conn, election_id: str, rubric: str, capturing_party: str | None = None
) -> list[Mark]:
    """The latest marks of every person of every live validated candidacy of the
    election (of one party when given)."""
    return await Mark.many(
        conn,
        f"""{LATEST} WHERE rubric = $2 AND candidacy_id IN (
                SELECT candidacy_id FROM candidacies
                WHERE election_id = $1 AND validated_at IS NOT NULL AND withdrawn_at IS NULL
                  AND ($3::text IS NULL OR capturing_party = $3))
            ORDER BY candidacy_id, persona, variable_id, scoring DESC""",
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
    persona: Person = Person.OWNER,
) -> int:
    """The person's next scoring, with these marks; its number. Two verifiers scoring
    the same candidacy at once take turns on its row, so each scoring has its own number."""
    await conn.execute("SELECT 1 FROM candidacies WHERE candidacy_id = $1 FOR UPDATE", candidacy_id)
    scoring: int = await conn.fetchval(
        """SELECT coalesce(max(scoring), 0) + 1 FROM cedula_marks
           WHERE candidacy_id = $1 AND persona = $2""",
        candidacy_id,
        persona.value,
    )
    await conn.executemany(
        """INSERT INTO cedula_marks (candidacy_id, persona, scoring, rubric, variable_id, met,
               marked_by, marked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        [
            (candidacy_id, persona.value, scoring, rubric, variable_id, met, marked_by, now)
            for variable_id, met in marks.items()
        ],
    )
    return scoring
