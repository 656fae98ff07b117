"""A candidacy's questionnaires as saved (its drafts), in their two stores (001 §5):
``curricular_answers`` in clear, ``identity_answers`` sealed with the candidacy's data
key; and ``saves``, when each save happened and who made it (000 §2.1.I)."""

import json
from datetime import datetime
from typing import Any

from contracts.capture import QuestionnaireName, SaveRecord
from contracts.events.capture import Person
from services.capture.store import Conn

RECENT_SAVES = 20


async def curricular_draft(
    conn: Conn, candidacy_id: str, person: Person = Person.OWNER
) -> dict[str, Any] | None:
    document = await conn.fetchval(
        "SELECT answers FROM curricular_answers WHERE candidacy_id = $1 AND person = $2",
        candidacy_id,
        person.value,
    )
    return None if document is None else dict(json.loads(document))


async def save_curricular_draft(
    conn: Conn,
    candidacy_id: str,
    answers: dict[str, Any],
    completeness: dict[str, int],
    now: datetime,
    by: str,
    person: Person = Person.OWNER,
) -> None:
    await conn.execute(
        """INSERT INTO curricular_answers (candidacy_id, answers, completeness, updated_at,
               updated_by, person) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6)
           ON CONFLICT (candidacy_id, person) DO UPDATE SET answers = $2::jsonb,
               completeness = $3::jsonb, updated_at = $4, updated_by = $5""",
        candidacy_id,
        json.dumps(answers),
        json.dumps(completeness),
        now,
        by,
        person.value,
    )


async def sealed_identity_draft(
    conn: Conn, candidacy_id: str, person: Person = Person.OWNER
) -> bytes | None:
    sealed = await conn.fetchval(
        "SELECT sealed FROM identity_answers WHERE candidacy_id = $1 AND person = $2",
        candidacy_id,
        person.value,
    )
    return None if sealed is None else bytes(sealed)


async def save_identity_draft(
    conn: Conn,
    candidacy_id: str,
    sealed: bytes,
    completeness: dict[str, int],
    now: datetime,
    by: str,
    person: Person = Person.OWNER,
) -> None:
    """Only the percentages per section are in clear: nothing sensitive."""
    await conn.execute(
        """INSERT INTO identity_answers (candidacy_id, sealed, completeness, updated_at,
               updated_by, person) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
           ON CONFLICT (candidacy_id, person) DO UPDATE SET sealed = $2,
               completeness = $3::jsonb, updated_at = $4, updated_by = $5""",
        candidacy_id,
        sealed,
        json.dumps(completeness),
        now,
        by,
        person.value,
    )


async def save_draft_and_record(
    conn: Conn,
    candidacy_id: str,
    questionnaire: QuestionnaireName,
    stored: dict[str, Any] | bytes,
    completeness: dict[str, int],
    now: datetime,
    by: str,
    fields: list[str],
    person: Person = Person.OWNER,
) -> list[SaveRecord]:
    """A draft's save in one statement: its answers in their store (``stored``: the
    curricular ones as JSON, the identity ones sealed), its save recorded, and the recent
    saves with it, the new one first (as ``record_save_and_recent``)."""
    table, column, cast = (
        ("curricular_answers", "answers", "::jsonb")
        if questionnaire is QuestionnaireName.CURRICULAR
        else ("identity_answers", "sealed", "")
    )
    rows = await conn.fetch(
        f"""WITH draft AS (
               INSERT INTO {table} (candidacy_id, {column}, completeness, updated_at,
                   updated_by, person) VALUES ($1, $8{cast}, $9::jsonb, $3, $4, $6)
               ON CONFLICT (candidacy_id, person) DO UPDATE SET {column} = $8{cast},
                   completeness = $9::jsonb, updated_at = $3, updated_by = $4),
           new AS (
               INSERT INTO saves (candidacy_id, questionnaire, saved_at, saved_by, fields, person)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING saved_at, saved_by, fields)
           SELECT saved_at, saved_by, fields FROM (
               SELECT saved_at, saved_by, fields FROM new
               UNION ALL
               (SELECT saved_at, saved_by, fields FROM saves WHERE candidacy_id = $1 AND
                    questionnaire = $2 AND person = $6 ORDER BY saved_at DESC LIMIT $7)
           ) recent ORDER BY saved_at DESC""",
        candidacy_id,
        questionnaire.value,
        now,
        by,
        fields,
        person.value,
        RECENT_SAVES - 1,
        stored if isinstance(stored, bytes) else json.dumps(stored),
        json.dumps(completeness),
    )
    return [
        SaveRecord(saved_at=row["saved_at"], saved_by=row["saved_by"], fields=list(row["fields"]))
        for row in rows
    ]


async def record_save(
    conn: Conn,
    candidacy_id: str,
    questionnaire: QuestionnaireName,
    now: datetime,
    by: str,
    fields: list[str],
    person: Person = Person.OWNER,
) -> None:
    await conn.execute(
        "INSERT INTO saves (candidacy_id, questionnaire, saved_at, saved_by, fields, person) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        candidacy_id,
        questionnaire.value,
        now,
        by,
        fields,
        person.value,
    )


async def recent_saves(
    conn: Conn,
    candidacy_id: str,
    questionnaire: QuestionnaireName,
    person: Person = Person.OWNER,
) -> list[SaveRecord]:
    rows = await conn.fetch(
        "SELECT saved_at, saved_by, fields FROM saves WHERE candidacy_id = $1 AND "
        "questionnaire = $2 AND person = $4 ORDER BY saved_at DESC LIMIT $3",
        candidacy_id,
        questionnaire.value,
        RECENT_SAVES,
        person.value,
    )
    return [
        SaveRecord(saved_at=row["saved_at"], saved_by=row["saved_by"], fields=list(row["fields"]))
        for row in rows
    ]
