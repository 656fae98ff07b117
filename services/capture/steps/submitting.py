"""Submitting a candidacy's questionnaires: the one chance (000 §3.16,
``domain/one_chance.py``), and what submitting still needs (the preview).

A submission holds the candidacy's row from the check to the commit, and the status
moves only from draft: two submissions cannot both land.
"""

from contracts.capture import (
    QUESTIONNAIRES,
    CandidacyRef,
    QuestionnaireName,
    Submit,
    SubmitPreview,
)
from contracts.envelope import utc_now
from contracts.errors import FieldProblem
from contracts.events.capture import CANDIDACY_SUBMITTED, CandidacySubmitted, of_person
from contracts.roles import NotAllowed, OutOfScope
from services.capture.domain.answers import check_answers
from services.capture.domain.deadlines import check_window_open
from services.capture.domain.errors import Refused
from services.capture.domain.formulas import Status
from services.capture.domain.one_chance import (
    ONE_CHANCE,
    check_may_submit,
    is_complete,
    people_to_send,
)
from services.capture.domain.scope import check_may_capture
from services.capture.steps.capturing import stored_answers
from services.capture.steps.finding import live_candidacy, readable_candidacy
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.store import candidacies, privacy_acceptances
from services.capture.store.candidacies import Candidacy
from services.capture.store.elections import Election
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

PRIVACY_NOTICE = "aviso_de_privacidad"


async def preview(
    conn: Connection, settings: Settings, candidacy: Candidacy, election: Election
) -> SubmitPreview:
    """What is missing and what is to correct, per questionnaire of each person the
    formula is sent with (the alternate's under ``suplente.curricular`` and
    ``suplente.identidad`` where the profile requires them, ``domain/one_chance.py``); the
    privacy notice's acceptance counts as a missing curricular field."""
    candidacy_id = candidacy.candidacy_id
    missing: dict[str, list[str]] = {}
    problems: dict[str, list[FieldProblem]] = {}
    for person in people_to_send(candidacy.formula, election.profile):
        for name, questionnaire in QUESTIONNAIRES.items():
            checked = check_answers(
                questionnaire, await stored_answers(conn, settings, candidacy_id, name, person)
            )
            missing[of_person(person, name.value)] = checked.missing
            problems[of_person(person, name.value)] = checked.problems
    version = election.config.privacy_notice_version
    if not await privacy_acceptances.privacy_accepted(conn, candidacy_id, version):
        curricular = QuestionnaireName.CURRICULAR.value
        missing[curricular] = [*missing[curricular], PRIVACY_NOTICE]
    return SubmitPreview(
        candidacy_id=candidacy_id, submitted=False, missing=missing, problems=problems
    )


async def submit(
    conn: Connection, deps: ServiceDeps, order: Submit, caller: SignedIn
) -> SubmitPreview:
    """Without ``confirmar``: what is missing. With it, and nothing missing: the one
    chance, taken."""
    principal = caller.principal
    candidacy, election = await live_candidacy(conn, order.candidacy_id)
    check_may_capture(principal, candidacy.scope, election.profile.capture.captured_by)
    check_may_submit(candidacy.capture_status)
    shown = await preview(conn, deps.settings, candidacy, election)
    if not order.confirmar or not is_complete(shown):
        return shown
    check_window_open(candidacy.deadline_at, utc_now(), election.time_zone)
    if not await candidacies.mark_submitted(
        conn, order.candidacy_id, utc_now(), principal.account_id
    ):
        raise Refused(ONE_CHANCE)
    await deps.outbox.add(
        conn,
        CANDIDACY_SUBMITTED,
        CandidacySubmitted(election_id=candidacy.election_id, candidacy_id=order.candidacy_id),
        actor=caller.actor,
        election_id=candidacy.election_id,
        subject_id=order.candidacy_id,
    )
    await record(conn, deps.outbox, caller, "candidacy.submit", on_candidacy(order.candidacy_id))
    return shown.model_copy(update={"submitted": True})


async def submission_preview(
    conn: Connection, deps: ServiceDeps, ref: CandidacyRef, caller: SignedIn
) -> SubmitPreview:
    """What submitting still needs, for anyone who may read the candidacy. A read: it
    records nothing, and says whether the caller may submit, so that a supervisor's or an
    admin's look at a draft is not a refused submission in the activity log."""
    candidacy, election = await readable_candidacy(conn, caller.principal, ref.candidacy_id)
    try:
        check_may_capture(caller.principal, candidacy.scope, election.profile.capture.captured_by)
        check_may_submit(candidacy.capture_status)
        may_submit = candidacy.status is Status.REGISTERED
    except (OutOfScope, NotAllowed, Refused):
        may_submit = False
    shown = await preview(conn, deps.settings, candidacy, election)
    return shown.model_copy(update={"may_submit": may_submit})
