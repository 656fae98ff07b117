"""Saving and reading a candidacy's questionnaires (drafts), in their two stores.

Every save is recorded with its time and author (000 §2.1.I) and is an activity entry
naming the fields it touched, never their values. Identity answers are sealed with the
candidacy's data key; every read of them by anyone but the person is an activity entry.
"""

import json
from typing import Any

import asyncpg

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import (
    QuestionnaireName,
    QuestionnaireSave,
    QuestionnaireView,
    SaveRecord,
)
from contracts.envelope import utc_now
from contracts.profile import InstituteProfile
from contracts.questionnaires import CURRICULAR, IDENTITY, Questionnaire
from contracts.requests import Principal
from services.capture import store
from services.capture.data_keys import (
    KeyDestroyed,
    new_wrapped_key,
    open_answers,
    seal_answers,
)
from services.capture.domain.answers import Checked, check_answers
from services.capture.domain.scope import CandidacyScope, is_the_person
from services.runtime.activity import record_activity
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings

QUESTIONNAIRES: dict[QuestionnaireName, Questionnaire] = {
    QuestionnaireName.CURRICULAR: CURRICULAR,
    QuestionnaireName.IDENTITY: IDENTITY,
}


def scope_of(row: asyncpg.Record) -> CandidacyScope:
    return CandidacyScope(row["candidacy_id"], row["election_id"], row["capturing_party"])


def profile_of(election: asyncpg.Record) -> InstituteProfile:
    return InstituteProfile.model_validate_json(election["profile"])


async def stored_answers(
    conn: asyncpg.Connection, settings: Settings, candidacy_id: str, name: QuestionnaireName
) -> dict[str, Any]:
    if name is QuestionnaireName.CURRICULAR:
        row = await store.curricular_answers(conn, candidacy_id)
        return json.loads(row["answers"]) if row else {}
    row = await store.identity_answers(conn, candidacy_id)
    if row is None:
        return {}
    key = await store.data_key(conn, candidacy_id)
    return open_answers(settings, key["wrapped_key"] if key else None, candidacy_id, row["sealed"])


async def view(
    conn: asyncpg.Connection,
    settings: Settings,
    candidacy_id: str,
    name: QuestionnaireName,
    checked: Checked | None = None,
) -> QuestionnaireView:
    if checked is None:
        checked = check_answers(
            QUESTIONNAIRES[name], await stored_answers(conn, settings, candidacy_id, name)
        )
    saves = await conn.fetch(
        "SELECT saved_at, saved_by, fields FROM saves WHERE candidacy_id = $1 AND "
        "questionnaire = $2 ORDER BY saved_at DESC LIMIT 20",
        candidacy_id,
        name.value,
    )
    return QuestionnaireView(
        candidacy_id=candidacy_id,
        cuestionario=name,
        respuestas=checked.answers,
        completeness=checked.completeness,
        missing=checked.missing,
        problems=checked.problems,
        saves=[
            SaveRecord(saved_at=s["saved_at"], saved_by=s["saved_by"], fields=list(s["fields"]))
            for s in saves
        ],
    )


async def save(
    conn: asyncpg.Connection,
    settings: Settings,
    outbox: Outbox,
    order: QuestionnaireSave,
    principal: Principal,
    *,
    request_id: str | None,
    client_address: str | None,
) -> QuestionnaireView:
    name, candidacy_id, now = order.cuestionario, order.candidacy_id, utc_now()
    merged = {**await stored_answers(conn, settings, candidacy_id, name), **order.respuestas}
    checked = check_answers(QUESTIONNAIRES[name], merged)
    if name is QuestionnaireName.CURRICULAR:
        await store.save_curricular(
            conn, candidacy_id, checked.answers, checked.completeness, now, principal.account_id
        )
    else:
        key = await store.data_key(conn, candidacy_id)
        if key is None:
            await store.insert_data_key(conn, candidacy_id, new_wrapped_key(settings), now)
            key = await store.data_key(conn, candidacy_id)
        if key is None or key["wrapped_key"] is None:
            raise KeyDestroyed(candidacy_id)
        sealed = seal_answers(settings, key["wrapped_key"], candidacy_id, checked.answers)
        await store.save_identity(
            conn, candidacy_id, sealed, checked.completeness, now, principal.account_id
        )
    fields = sorted(order.respuestas)
    await store.record_save(conn, candidacy_id, name.value, now, principal.account_id, fields)
    await record_activity(
        conn,
        outbox,
        action="questionnaire.save",
        outcome=Outcome.OK,
        principal=principal,
        target=ActivityTarget(kind="candidacy", id=candidacy_id),
        request_id=request_id,
        client_address=client_address,
        detail={"cuestionario": name.value, "campos": fields},
    )
    return await view(conn, settings, candidacy_id, name, checked)


async def record_identity_read(
    conn: asyncpg.Connection,
    outbox: Outbox,
    candidacy: CandidacyScope,
    principal: Principal,
    *,
    request_id: str | None,
    client_address: str | None,
) -> None:
    """A named person's identity answers read by someone else: always in the log."""
    if is_the_person(principal, candidacy):
        return
    await record_activity(
        conn,
        outbox,
        action="identity.read",
        outcome=Outcome.OK,
        principal=principal,
        target=ActivityTarget(kind="candidacy", id=candidacy.candidacy_id),
        request_id=request_id,
        client_address=client_address,
    )
