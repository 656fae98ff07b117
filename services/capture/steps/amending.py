"""Amending a validated candidacy after the admin approved its change request (000 §5.4,
001 §31-32, 002 §II.C): moderation owns the request, capture owns the answers.

- Where the institute applies the change, its approved text is saved into the named
  curricular fields (under the admin's account, in the save record and the activity
  log) and the new public projection announced.
- Where it enables the fields, they open to the party until the profile's deadline
  (domain/amendments.py); the party saves them — only them — (steps/capturing.py) and
  its supervisor or the independent validates again (``revalidate``), which announces
  the new projection. A window that closes with nothing validated puts back what the
  fields held (``close_due``, a timer).

Either way ``candidacy.change_completed`` tells moderation the request is done.
"""

import base64
import datetime as dt
from typing import Any

from contracts.capture import QUESTIONNAIRES, CandidacyRef, QuestionnaireName, QuestionnaireSave
from contracts.change_requests import IDENTITY_NAMES, as_answer, changeable, names_identity
from contracts.envelope import Actor, utc_now
from contracts.errors import FieldProblem
from contracts.events.capture import (
    CHANGE_COMPLETED,
    CHANGE_WINDOW_OPENED,
    ChangeCompleted,
    ChangeOutcome,
    ChangeWindowOpened,
    Person,
    PublicProjection,
    of_person,
    person_of,
)
from contracts.events.moderation import ChangeRequestDecided
from contracts.profile import ChangeRequestMode
from contracts.requests import Principal
from contracts.roles import Role
from services.capture.adapters.sealing import open_answers, seal_answers
from services.capture.domain.amendments import check_may_revalidate, window_closes
from services.capture.domain.answers import check_answers, correction_problems
from services.capture.domain.errors import Refused
from services.capture.domain.formulas import Status
from services.capture.domain.media import PHOTO_FIELD, FileKind
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.scope import check_may_read
from services.capture.domain.validation import check_complete
from services.capture.steps.capturing import identity_key, save, stored_answers
from services.capture.steps.projecting import announce_projection, projection
from services.capture.steps.recording import SYSTEM, SignedIn, on_candidacy, record
from services.capture.steps.submitting import preview
from services.capture.store import candidacies, change_windows, data_keys, drafts, elections, files
from services.capture.store.candidacies import Candidacy
from services.capture.store.change_windows import ChangeWindow
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

CAUSE = "change_request"
LAPSED_IDENTITY = (
    "El Instituto aplicó los textos; las respuestas de identidad habilitadas se cerraron sin "
    "validarse de nuevo y siguen como estaban."
)


async def _completed(
    conn: Connection,
    deps: ServiceDeps,
    candidacy: Candidacy,
    request_id: str,
    fields: list[str],
    filed_by: str,
    outcome: ChangeOutcome,
    actor: Actor,
    reason: str | None = None,
) -> None:
    await deps.outbox.add(
        conn,
        CHANGE_COMPLETED,
        ChangeCompleted(
            election_id=candidacy.election_id,
            candidacy_id=candidacy.candidacy_id,
            capturing_party=candidacy.capturing_party,
            request_id=request_id,
            fields=fields,
            outcome=outcome,
            reason=reason,
            filed_by=filed_by,
            completed_at=utc_now(),
        ),
        actor=actor,
        election_id=candidacy.election_id,
        subject_id=candidacy.candidacy_id,
    )


def _admin(actor: Actor) -> SignedIn:
    """The admin who approved, as the save record and the activity log name them."""
    return SignedIn(Principal(account_id=actor.id, role=actor.role or Role.ADMIN.value))


async def take_decision(
    conn: Connection, deps: ServiceDeps, decided: ChangeRequestDecided, actor: Actor
) -> None:
    """change_request.decided: an approval is applied, or its fields opened; a rejection
    changes nothing here (accounts tells the filer)."""
    if not decided.approved:
        return
    candidacy = await candidacies.candidacy_for_update(conn, decided.candidacy_id)
    if candidacy is None:
        return  # never registered here: nothing to change
    fields = sorted(decided.fields)
    if (
        candidacy.status is not Status.REGISTERED
        or candidacy.capture_status is not CaptureStatus.VALIDATED
    ):
        reason = "La candidatura ya no está validada: fue sustituida o cancelada."
        await _completed(
            conn,
            deps,
            candidacy,
            decided.request_id,
            fields,
            decided.filed_by,
            ChangeOutcome.NOT_APPLIED,
            SYSTEM.actor,
            reason,
        )
        return
    identity = [name for name in fields if names_identity(name)]
    if decided.mode is ChangeRequestMode.ENABLE_FIELDS:
        await _open_window(conn, deps, candidacy, decided, fields)
        return
    texts = {name: text for name, text in decided.changes.items() if not names_identity(name)}
    if not identity:
        await _apply(conn, deps, candidacy, decided, texts, _admin(actor))
        return
    # Identity answers never reach the institute: they open to the party, once the texts
    # the institute applies (if any) are in; the window's end completes the request.
    applied = bool(texts)
    if applied and not await _apply(
        conn, deps, candidacy, decided, texts, _admin(actor), completes=False
    ):
        return
    await _open_window(conn, deps, candidacy, decided, identity, texts_applied=applied)


def _answers(changes: dict[str, str]) -> dict[Person, dict[str, Any]]:
    """The approved texts as answers, by whose they are (the alternate's named
    ``suplente.<field>``)."""
    answers: dict[Person, dict[str, Any]] = {}
    for named, text in changes.items():
        person, name = person_of(named)
        spec = changeable(name)
        if spec is not None:
            answers.setdefault(person, {})[name] = as_answer(spec, text)
    return answers


async def _photo_problems(
    conn: Connection, candidacy_id: str, answers: dict[Person, dict[str, Any]]
) -> list[FieldProblem]:
    """A photo the request names is one uploaded with it, for that same person."""
    problems = []
    for person, given in answers.items():
        sha256 = given.get(PHOTO_FIELD)
        if sha256 is None:
            continue
        if not sha256 or not await files.is_attached(
            conn, str(sha256), candidacy_id, FileKind.PHOTO, person
        ):
            reason = "la fotografía nueva no se subió con la solicitud."
            problems.append(FieldProblem(field=of_person(person, PHOTO_FIELD), reason=reason))
    return problems


async def _apply(
    conn: Connection,
    deps: ServiceDeps,
    candidacy: Candidacy,
    decided: ChangeRequestDecided,
    texts: dict[str, str],
    admin: SignedIn,
    *,
    completes: bool = True,
) -> bool:
    """The institute's ``texts``, saved through a draft save's checks; refused whole —
    nothing saved, the request completed as not applied — when a field it changes would
    not pass them. ``completes``: the request is done once they are in (not where a
    window follows for identity answers). Whether they were saved."""
    fields, candidacy_id = sorted(decided.fields), candidacy.candidacy_id
    answers = _answers(texts)
    if Person.ALTERNATE in answers and candidacy.formula.alternate is None:
        answers.pop(Person.ALTERNATE)  # no alternate to write them to
    name = QuestionnaireName.CURRICULAR
    problems = await _photo_problems(conn, candidacy_id, answers)
    for person, given in answers.items():
        stored = await stored_answers(conn, deps.settings, candidacy_id, name, person)
        checked = check_answers(QUESTIONNAIRES[name], {**stored, **given})
        problems += [
            problem.model_copy(update={"field": of_person(person, problem.field)})
            for problem in correction_problems(checked, given)
        ]
    if problems or not answers:
        reason = "; ".join(f"{p.field}: {p.reason}" for p in problems) or "Sin campos."
        await _completed(
            conn,
            deps,
            candidacy,
            decided.request_id,
            fields,
            decided.filed_by,
            ChangeOutcome.NOT_APPLIED,
            admin.actor,
            reason[:500],
        )
        return False
    for person, given in answers.items():
        order = QuestionnaireSave(
            candidacy_id=candidacy_id, cuestionario=name, persona=person, respuestas=given
        )
        await save(conn, deps, order, admin)
    photo = any(PHOTO_FIELD in given for given in answers.values())  # its file goes too
    await announce_projection(conn, deps, candidacy_id, CAUSE, validated=photo)
    if completes:
        await _completed(
            conn,
            deps,
            candidacy,
            decided.request_id,
            fields,
            decided.filed_by,
            ChangeOutcome.APPLIED,
            admin.actor,
        )
    await record(
        conn,
        deps.outbox,
        admin,
        "change_request.apply",
        on_candidacy(candidacy_id),
        {"solicitud": decided.request_id, "campos": sorted(texts)},
    )
    return True


async def _open_window(
    conn: Connection,
    deps: ServiceDeps,
    candidacy: Candidacy,
    decided: ChangeRequestDecided,
    fields: list[str],
    *,
    texts_applied: bool = False,
) -> None:
    """``fields`` open to the party until the profile's deadline; what they hold now is
    kept to be put back if nothing is validated (an identity answer's, sealed)."""
    election = await elections.election(conn, candidacy.election_id)
    assert election is not None  # a candidacy references its election
    now = utc_now()
    closes = window_closes(
        now,
        election.profile.change_requests.deadline,
        election.time_zone,
        election.config.calendar.non_working_days,
    )
    current = {
        person: await drafts.curricular_draft(conn, candidacy.candidacy_id, person) or {}
        for person in Person
    }
    before = {}
    for named in fields:  # the alternate's named ``suplente.<field>``
        if names_identity(named):
            continue
        person, name = person_of(named)
        before[named] = current[person].get(name)
    identity_before = {}
    for person in {person_of(named)[0] for named in fields if names_identity(named)}:
        sealed = await drafts.sealed_identity_draft(conn, candidacy.candidacy_id, person)
        if sealed is not None:
            identity_before[person.value] = base64.b64encode(sealed).decode("ascii")
    if not await change_windows.open_window(
        conn,
        decided.request_id,
        candidacy.candidacy_id,
        fields,
        decided.filed_by,
        before,
        now,
        closes,
        identity_before,
        texts_applied,
    ):
        return  # opened already
    await deps.outbox.add(
        conn,
        CHANGE_WINDOW_OPENED,
        ChangeWindowOpened(
            election_id=candidacy.election_id,
            candidacy_id=candidacy.candidacy_id,
            capturing_party=candidacy.capturing_party,
            request_id=decided.request_id,
            fields=fields,
            filed_by=decided.filed_by,
            closes_at=closes,
        ),
        actor=SYSTEM.actor,
        election_id=candidacy.election_id,
        subject_id=candidacy.candidacy_id,
    )
    await record(
        conn,
        deps.outbox,
        SYSTEM,
        "change_request.open_fields",
        on_candidacy(candidacy.candidacy_id),
        {"solicitud": decided.request_id, "campos": fields, "cierra": closes.isoformat()},
    )


async def open_window_of(conn: Connection, candidacy_id: str) -> ChangeWindow | None:
    return await change_windows.open_for(conn, candidacy_id, utc_now())


async def revalidate(
    conn: Connection, deps: ServiceDeps, ref: CandidacyRef, caller: SignedIn, window: ChangeWindow
) -> PublicProjection:
    """The supervisor (or the independent) validates the re-captured fields: the window
    closes applied, and the new projection is announced (001 §32, 002 §II.C)."""
    candidacy = await candidacies.candidacy_for_update(conn, ref.candidacy_id)
    assert candidacy is not None  # the window references it
    election = await elections.election(conn, candidacy.election_id)
    assert election is not None  # a candidacy references its election
    check_may_read(caller.principal, candidacy.scope)
    check_may_revalidate(caller.principal, candidacy.scope, election.profile)
    check_complete(await preview(conn, deps.settings, candidacy, election))
    if window.edited_at is None:
        raise Refused(
            "Todavía no se capturó ningún campo habilitado: capture el texto nuevo y valide "
            "después."
        )
    if not await change_windows.close(conn, window.request_id, ChangeOutcome.APPLIED, utc_now()):
        raise Refused("Los campos habilitados ya se cerraron.")
    await announce_projection(conn, deps, candidacy.candidacy_id, CAUSE, validated=True)
    await _completed(
        conn,
        deps,
        candidacy,
        window.request_id,
        window.fields,
        window.filed_by,
        ChangeOutcome.APPLIED,
        caller.actor,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "change_request.revalidate",
        on_candidacy(candidacy.candidacy_id),
        {"solicitud": window.request_id, "campos": window.fields},
    )
    return await projection(conn, deps.settings, candidacy, election.profile)


async def _lapse(
    conn: Connection, deps: ServiceDeps, window: ChangeWindow, now: dt.datetime
) -> None:
    candidacy = await candidacies.candidacy_for_update(conn, window.candidacy_id)
    # The institute's texts, applied at approval, stay; the opened answers go back.
    outcome = ChangeOutcome.APPLIED if window.texts_applied else ChangeOutcome.LAPSED
    if candidacy is None or not await change_windows.close(conn, window.request_id, outcome, now):
        return
    if window.edited_at is not None:
        await _put_back(conn, deps, window, now)
    await _completed(
        conn,
        deps,
        candidacy,
        window.request_id,
        window.fields,
        window.filed_by,
        outcome,
        SYSTEM.actor,
        LAPSED_IDENTITY if window.texts_applied else None,
    )
    await record(
        conn,
        deps.outbox,
        SYSTEM,
        "change_request.close_fields",
        on_candidacy(window.candidacy_id),
        {"solicitud": window.request_id, "campos": window.fields},
    )


async def _put_back(
    conn: Connection, deps: ServiceDeps, window: ChangeWindow, now: dt.datetime
) -> None:
    """The enabled fields as they were when the window opened: what is still published,
    each person's in its own draft."""
    name, by = QuestionnaireName.CURRICULAR, SYSTEM.actor.id
    await _put_back_identity(conn, deps, window, now)
    for person in Person:
        fields = [
            field
            for whose, field in map(person_of, window.fields)
            if whose is person and field not in IDENTITY_NAMES
        ]
        if not fields:
            continue
        stored = await stored_answers(conn, deps.settings, window.candidacy_id, name, person)
        restored = {
            field: value
            for field in fields
            if (value := window.before.get(of_person(person, field))) is not None
        }
        merged = {key: value for key, value in stored.items() if key not in fields}
        checked = check_answers(QUESTIONNAIRES[name], {**merged, **restored})
        await drafts.save_curricular_draft(
            conn, window.candidacy_id, checked.answers, checked.completeness, now, by, person
        )
        await drafts.record_save(conn, window.candidacy_id, name, now, by, fields, person)


async def _put_back_identity(
    conn: Connection, deps: ServiceDeps, window: ChangeWindow, now: dt.datetime
) -> None:
    """The opened identity answers as each person's sealed draft held them."""
    name, by = QuestionnaireName.IDENTITY, SYSTEM.actor.id
    for person in Person:
        fields = [
            field
            for whose, field in map(person_of, window.fields)
            if whose is person and field in IDENTITY_NAMES
        ]
        if not fields:
            continue
        kept = window.identity_before.get(person.value)
        before: dict[str, Any] = {}
        if kept is not None:
            key = await data_keys.data_key(conn, window.candidacy_id)
            sealed = base64.b64decode(kept)
            wrapped = key.wrapped if key else None
            before = open_answers(deps.settings, wrapped, window.candidacy_id, sealed, person)
        stored = await stored_answers(conn, deps.settings, window.candidacy_id, name, person)
        merged = {key: value for key, value in stored.items() if key not in fields}
        restored = {field: before[field] for field in fields if field in before}
        checked = check_answers(QUESTIONNAIRES[name], {**merged, **restored})
        wrapped = await identity_key(conn, deps.settings, window.candidacy_id)
        sealed = seal_answers(deps.settings, wrapped, window.candidacy_id, checked.answers, person)
        await drafts.save_identity_draft(
            conn, window.candidacy_id, sealed, checked.completeness, now, by, person
        )
        await drafts.record_save(conn, window.candidacy_id, name, now, by, fields, person)


async def close_due(deps: ServiceDeps, now: dt.datetime) -> None:
    """Close every window past its end (a tick may repeat: closing twice does nothing)."""
    async with deps.pool.acquire() as conn, conn.transaction():
        for window in await change_windows.due_to_close(conn, now):
            await _lapse(conn, deps, window, now)
