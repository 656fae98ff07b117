"""What an election's statistics are compiled from, read from publication's own tables
(``elections``, ``candidacies``, ``profiles``, written by the consumers that keep them,
never here), and the ``statistics`` table: what each election's were last compiled from."""

from datetime import datetime
from typing import Any

from pydantic import Json

from contracts.events.capture import PartyInfo, Person
from services.runtime.typed_rows import Conn, Row


class StartedElection(Row):
    """An election whose publication has started: only its statistics are public."""

    election_id: str
    name: str
    parties: Json[list[PartyInfo]]


class ProgressRow(Row):
    capturing_party: str | None
    submitted: bool
    validated: bool
    published: bool


class PersonRow(Row):
    person: Person
    office: str
    postulant: str | None
    sex: str
    age: int | None
    education: str | None
    identity: Json[dict[str, Any]] | None


class LastCompiled(Row):
    election_id: str
    inputs: str
    digest: str
    sequence: int
    compiled_at: datetime
    changed_at: datetime


async def started_elections(conn: Conn) -> list[StartedElection]:
    return await StartedElection.many(
        conn,
        f"SELECT {StartedElection.columns()} FROM elections "
        "WHERE started_at IS NOT NULL ORDER BY election_id",
    )


async def inputs(conn: Conn, election_id: str) -> str:
    """What the election's inputs look like: any registration, submission, validation,
    withdrawal or change of a public profile changes it (a change of a profile raises its
    sequence)."""
    row = await conn.fetchrow(
        """SELECT (SELECT count(*) FROM candidacies WHERE election_id = $1) AS candidacies,
                  (SELECT max(greatest(registered_at, submitted_at, validated_at, withdrawn_at))
                     FROM candidacies WHERE election_id = $1) AS last_change,
                  (SELECT count(*) FILTER (WHERE state = 'public') FROM profiles
                    WHERE election_id = $1) AS public,
                  (SELECT max(sequence) FROM profiles WHERE election_id = $1) AS last_sequence,
                  (SELECT updated_at FROM elections WHERE election_id = $1) AS configured""",
        election_id,
    )
    assert row is not None
    last = row["last_change"]
    configured = row["configured"]
    return ":".join(
        (
            str(row["candidacies"]),
            "-" if last is None else last.isoformat(),
            str(row["public"]),
            str(row["last_sequence"] or 0),
            "-" if configured is None else configured.isoformat(),
        )
    )


async def progress_rows(conn: Conn, election_id: str) -> list[ProgressRow]:
    """Every registered candidacy not withdrawn (a row an early event made, before its
    registration arrived, has no office yet and is left out)."""
    return await ProgressRow.many(
        conn,
        """SELECT c.capturing_party, c.submitted_at IS NOT NULL AS submitted,
                  c.validated_at IS NOT NULL AS validated,
                  coalesce(p.state = 'public', false) AS published
             FROM candidacies c LEFT JOIN profiles p USING (candidacy_id)
            WHERE c.election_id = $1 AND c.withdrawn_at IS NULL AND c.office <> ''""",
        election_id,
    )


async def published_people(conn: Conn, election_id: str) -> list[PersonRow]:
    """What each public profile shows of each person of its formula, the owner and the
    alternate where there is one (only what the document holds: a field moderation
    disabled is absent from it), their identity answers included."""
    return await PersonRow.many(
        conn,
        """SELECT 'propietaria' AS person,
                  document->'formula'->>'office' AS office,
                  document->'formula'->>'postulant' AS postulant,
                  document->'formula'->'owner'->>'sex' AS sex,
                  (document->'formula'->'owner'->>'age')::int AS age,
                  document->'curricular'->>'grado_maximo_estudios' AS education,
                  document->'identity' AS identity
             FROM profiles
            WHERE election_id = $1 AND state = 'public' AND document IS NOT NULL
           UNION ALL
           SELECT 'suplente' AS person,
                  document->'formula'->>'office' AS office,
                  document->'formula'->>'postulant' AS postulant,
                  document->'formula'->'alternate'->>'sex' AS sex,
                  (document->'formula'->'alternate'->>'age')::int AS age,
                  document->'alternate_curricular'->>'grado_maximo_estudios' AS education,
                  document->'alternate_identity' AS identity
             FROM profiles
            WHERE election_id = $1 AND state = 'public' AND document IS NOT NULL
              AND jsonb_typeof(document->'formula'->'alternate') = 'object'""",
        election_id,
    )


async def last_compiled(conn: Conn, election_id: str) -> LastCompiled | None:
    return await LastCompiled.one(
        conn,
        f"SELECT {LastCompiled.columns()} FROM statistics WHERE election_id = $1",
        election_id,
    )


async def note_compiled(conn: Conn, compiled: LastCompiled) -> None:
    await conn.execute(
        """INSERT INTO statistics (election_id, inputs, digest, sequence, compiled_at,
               changed_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (election_id) DO UPDATE SET inputs = $2, digest = $3, sequence = $4,
               compiled_at = $5, changed_at = $6""",
        compiled.election_id,
        compiled.inputs,
        compiled.digest,
        compiled.sequence,
        compiled.compiled_at,
        compiled.changed_at,
    )
