"""Capturing a candidacy's questionnaires: saving a draft, and reading it back.

Every save is recorded with its time and author (000 §2.1.I) and is an activity entry
naming the fields it touched, never their values. Identity answers are sealed with the
candidacy's data key; every read of them by anyone but the person is an activity entry.
The SQL is ``store/drafts.py``.
"""

from typing import Any

from contracts.capture import (
    QUESTIONNAIRES,
    QuestionnaireName,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
    SaveRecord,
)
from contracts.envelope import utc_now
from contracts.errors import FieldProblem
from contracts.events.capture import SUPERVISOR_EDITED, Person, SupervisorEdited, of_person
from contracts.questionnaires import CURRICULAR, FieldType
from contracts.roles import Role
from services.capture.adapters.sealing import (
    KeyDestroyed,
    new_wrapped_key,
    open_answers,
    seal_answers,
)
from services.capture.domain.amendments import check_may_edit_in_window, opens
from services.capture.domain.answers import Checked, check_answers, correction_problems
from services.capture.domain.errors import Invalid
from services.capture.domain.formulas import check_has_person
from services.capture.domain.media import FileKind
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import is_the_person
from services.capture.steps.finding import (
    editable_candidacy_and_window,
    readable_candidacy_and_window,
    why_not_editable,
)
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.store import change_windows, data_keys, drafts, files
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings


async def stored_answers(
    conn: Connection,
    settings: Settings,
    candidacy_id: str,
    name: QuestionnaireName,
    person: Person = Person.OWNER,
) -> dict[str, Any]:
    """The answers of ``person`` saved so far (identity ones opened with the candidacy's
    data key)."""
    if name is QuestionnaireName.CURRICULAR:
        return await drafts.curricular_draft(conn, candidacy_id, person) or {}
    sealed = await drafts.sealed_identity_draft(conn, candidacy_id, person)
    if sealed is None:
        return {}
    key = await data_keys.data_key(conn, candidacy_id)
    return open_answers(settings, key.wrapped if key else None, candidacy_id, sealed, person)


async def questionnaire_view(
    conn: Connection,
    settings: Settings,
    candidacy_id: str,
    name: QuestionnaireName,
    checked: Checked | None = None,
    person: Person = Person.OWNER,
    saves: list[SaveRecord] | None = None,
) -> QuestionnaireView:
    if checked is None:
        checked = check_answers(
            QUESTIONNAIRES[name], await stored_answers(conn, settings, candidacy_id, name, person)
        )
    return QuestionnaireView(
        candidacy_id=candidacy_id,
        cuestionario=name,
        persona=person,
        respuestas=checked.answers,
        completeness=checked.completeness,
        missing=checked.missing,
        problems=checked.problems,
        saves=(
            saves
            if saves is not None
            else await drafts.recent_saves(conn, candidacy_id, name, person)
        ),
    )


async def identity_key(conn: Connection, settings: Settings, candidacy_id: str) -> bytes:
    """The candidacy's wrapped data key, created with its first identity answers."""
    key = await data_keys.data_key(conn, candidacy_id)
    if key is None:
        await data_keys.insert_data_key(conn, candidacy_id, new_wrapped_key(settings), utc_now())
        key = await data_keys.data_key(conn, candidacy_id)
    if key is None or key.wrapped is None:
        raise KeyDestroyed(candidacy_id)
    return key.wrapped


async def save(
    conn: Connection,
    deps: ServiceDeps,
    order: QuestionnaireSave,
    caller: SignedIn,
    *,
    warns_party: str | None = None,
) -> QuestionnaireView:
    """Save a draft of the person the order names: the answers sent over those saved,
    checked, in their store. Whoever calls has checked that the caller may edit it now
    (``editable_candidacy``) and that the formula has that person."""
    name, candidacy_id, now = order.cuestionario, order.candidacy_id, utc_now()
    person, by = order.persona, caller.principal.account_id
    stored = await stored_answers(conn, deps.settings, candidacy_id, name, person)
    checked = check_answers(QUESTIONNAIRES[name], {**stored, **order.respuestas})
    stored_as: dict[str, Any] | bytes
    if name is QuestionnaireName.CURRICULAR:
        stored_as = checked.answers
    else:
        wrapped = await identity_key(conn, deps.settings, candidacy_id)
        stored_as = seal_answers(deps.settings, wrapped, candidacy_id, checked.answers, person)
    fields = sorted(order.respuestas)
    saves = await drafts.save_draft_and_record(
        conn, candidacy_id, name, stored_as, checked.completeness, now, by, fields, person
    )
    if warns_party is not None:  # the election whose party the supervisor's edit warns
        election_id = warns_party
        await deps.outbox.add(
            conn,
            SUPERVISOR_EDITED,
            SupervisorEdited(
                election_id=election_id,
                candidacy_id=candidacy_id,
                questionnaire=name.value,
                fields=[of_person(person, field) for field in fields],
            ),
            actor=caller.actor,
            election_id=election_id,
            subject_id=candidacy_id,
        )
    await record(
        conn,
        deps.outbox,
        caller,
        "questionnaire.save",
        on_candidacy(candidacy_id),
        {"cuestionario": name.value, "persona": person.value, "campos": fields},
    )
    return await questionnaire_view(conn, deps.settings, candidacy_id, name, checked, person, saves)


async def _check_file_answers(conn: Connection, order: QuestionnaireSave) -> None:
    """A draft names only a photo uploaded for that same person of the candidacy (its
    SHA-256, as photo.attach answered): never another candidacy's or person's file, nor a
    consent document."""
    if order.cuestionario is not QuestionnaireName.CURRICULAR:
        return
    for field in CURRICULAR.fields:
        value = order.respuestas.get(field.name)
        if field.type is not FieldType.IMAGE or value in (None, ""):
            continue
        if not isinstance(value, str) or not await files.is_attached(
            conn, value, order.candidacy_id, FileKind.PHOTO, order.persona
        ):
            reason = (
                f"La {field.label.lower()} debe ser un archivo subido como {field.label.lower()} "
                "de esta candidatura; súbalo de nuevo."
            )
            raise Invalid(reason, [FieldProblem(field=field.name, reason=reason)])


async def _within_window(
    conn: Connection,
    deps: ServiceDeps,
    order: QuestionnaireSave,
    caller: SignedIn,
    enabled: list[str],
) -> QuestionnaireSave:
    """The save of a validated candidacy's enabled fields (002 §II.C): a field outside
    them sent as it is stored (a whole form sent back) is no change and is left out; one
    changed is refused."""
    stored = await stored_answers(
        conn, deps.settings, order.candidacy_id, order.cuestionario, order.persona
    )
    merged = check_answers(QUESTIONNAIRES[order.cuestionario], {**stored, **order.respuestas})
    sent = {
        name: value
        for name, value in order.respuestas.items()
        if merged.answers.get(name) != stored.get(name)
    }
    person = order.persona
    check_may_edit_in_window(caller.principal, order.cuestionario, enabled, sent, person)
    kept = {
        name: value
        for name, value in order.respuestas.items()
        if of_person(person, name) in enabled
    }
    return order.model_copy(update={"respuestas": kept})


async def save_draft(
    conn: Connection, deps: ServiceDeps, order: QuestionnaireSave, caller: SignedIn
) -> QuestionnaireView:
    """questionnaire.save: a draft, by whoever may edit it now; where the supervisor edits
    co-responsibly, the party is warned of each of its edits (002 §II.B.1). A validated
    candidacy is saved only in the fields an approved change request enabled (002 §II.C),
    to be validated again (steps/amending.py)."""
    candidacy, election, window = await editable_candidacy_and_window(
        conn, caller.principal, order.candidacy_id, utc_now()
    )
    check_has_person(candidacy.formula, order.persona)
    if window is not None and candidacy.capture_status is CaptureStatus.VALIDATED:
        order = await _within_window(conn, deps, order, caller, window.fields)
        await change_windows.note_edited(conn, window.request_id, utc_now())
    await _check_file_answers(conn, order)
    warned = (
        candidacy.election_id
        if election.profile.validation.supervisor_edit_warns_party
        and caller.principal.role == Role.SUPERVISOR
        and candidacy.capture_status is CaptureStatus.SUBMITTED
        else None
    )
    return await save(conn, deps, order, caller, warns_party=warned)


async def read_questionnaire(
    conn: Connection, deps: ServiceDeps, ref: QuestionnaireRef, caller: SignedIn
) -> QuestionnaireView:
    """A questionnaire as saved; a named person's identity answers read by someone else
    are always in the log."""
    candidacy, election, window = await readable_candidacy_and_window(
        conn, caller.principal, ref.candidacy_id, utc_now()
    )
    check_has_person(candidacy.formula, ref.persona)
    identity = ref.cuestionario is QuestionnaireName.IDENTITY
    if identity and not is_the_person(caller.principal, candidacy.scope):
        await record(
            conn,
            deps.outbox,
            caller,
            "identity.read",
            on_candidacy(ref.candidacy_id),
            {"persona": ref.persona.value},
        )
    view = await questionnaire_view(
        conn, deps.settings, ref.candidacy_id, ref.cuestionario, person=ref.persona
    )
    opened = window is not None and opens(window.fields, ref.cuestionario)
    why = why_not_editable(candidacy, election, caller.principal, change_window=opened)
    return view.model_copy(update={"editable": why is None, "not_editable": why})


async def save_correction(
    conn: Connection, deps: ServiceDeps, order: QuestionnaireSave, caller: SignedIn
) -> QuestionnaireView:
    """The institute's correction of a submitted candidacy (000 §4.3): saved as a draft is
    (its checks, its save record and activity entry under the institute's account), but
    refused — nothing saved — when a field it changes has a problem or is left empty."""
    await _check_file_answers(conn, order)
    name = order.cuestionario
    merged = {
        **await stored_answers(conn, deps.settings, order.candidacy_id, name, order.persona),
        **order.respuestas,
    }
    problems = correction_problems(check_answers(QUESTIONNAIRES[name], merged), order.respuestas)
    if problems:
        raise Invalid("Revise los campos señalados: la corrección no se aplicó.", problems)
    return await save(conn, deps, order, caller)
