"""The institute decides a supervisor's correction request (000 §4.3): it opens the
request and sees the named fields with their answers as saved, then applies the change —
saved as a draft save is, under the institute's account, in the save record and the
activity log — or declines it with its reason. Either way the party's people and the
candidacy hear of it (accounts consumes ``candidacy.correction_decided``), and the
candidacy, still submitted, may be validated once nothing is pending. The request itself
is made in ``steps/validating.py``; who may decide is the handler's (the admin).
"""

from contracts.activity import DetailValue
from contracts.capture import (
    QUESTIONNAIRES,
    CorrectedField,
    CorrectionApply,
    CorrectionDecline,
    CorrectionRef,
    CorrectionSummary,
    CorrectionView,
    PendingCorrections,
    QuestionnaireName,
    QuestionnaireSave,
    questionnaire_of,
)
from contracts.envelope import utc_now
from contracts.events.capture import CORRECTION_DECIDED, CorrectionDecided, CorrectionOutcome
from services.capture.domain.errors import NotFound
from services.capture.domain.validation import (
    check_may_apply_correction,
    check_may_decide_correction,
    check_only_named,
)
from services.capture.steps.capturing import save_correction, stored_answers
from services.capture.steps.finding import candidacy_in_election, election_named, live_candidacy
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.store import corrections
from services.capture.store.candidacies import Candidacy
from services.capture.store.corrections import Correction
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

NO_CORRECTION = "No existe esa solicitud de corrección."


def _summary(correction: Correction, candidacy: Candidacy) -> CorrectionSummary:
    return CorrectionSummary(
        correction_id=correction.correction_id,
        candidacy_id=candidacy.candidacy_id,
        election_id=candidacy.election_id,
        owner_name=candidacy.formula.owner.full_name,
        capturing_party=candidacy.capturing_party,
        campos=correction.fields,
        nota=correction.note,
        requested_by=correction.requested_by,
        requested_at=correction.requested_at,
        decided_by=correction.decided_by,
        decided_at=correction.decided_at,
        outcome=correction.outcome,
        motivo=correction.reason,
    )


async def pending(conn: Connection, election_id: str) -> PendingCorrections:
    """The election's requests still to decide, the oldest first."""
    await election_named(conn, election_id)
    listed = []
    for correction in await corrections.pending_in_election(conn, election_id):
        candidacy, _ = await candidacy_in_election(conn, correction.candidacy_id)
        listed.append(_summary(correction, candidacy))
    return PendingCorrections(corrections=listed)


async def _named(conn: Connection, correction_id: str, *, lock: bool = False) -> Correction:
    read = corrections.correction_for_update if lock else corrections.correction
    found = await read(conn, correction_id)
    if found is None:
        raise NotFound(NO_CORRECTION)
    return found


async def view(
    conn: Connection, deps: ServiceDeps, ref: CorrectionRef, caller: SignedIn
) -> CorrectionView:
    """The request, and each field it names with its answer as saved; reading a named
    person's identity answers is in the log, as every such read is."""
    correction = await _named(conn, ref.correction_id)
    candidacy, _ = await candidacy_in_election(conn, correction.candidacy_id)
    named = {name: questionnaire_of(name) for name in correction.fields}
    answers = {}
    for questionnaire in sorted({q for q in named.values() if q is not None}):
        answers[questionnaire] = await stored_answers(
            conn, deps.settings, candidacy.candidacy_id, questionnaire
        )
    if QuestionnaireName.IDENTITY in answers:
        await record(
            conn, deps.outbox, caller, "identity.read", on_candidacy(candidacy.candidacy_id)
        )
    fields = [
        CorrectedField(
            campo=name,
            etiqueta=QUESTIONNAIRES[questionnaire].field(name).label,
            cuestionario=questionnaire,
            valor=answers[questionnaire].get(name),
        )
        for name, questionnaire in named.items()
        if questionnaire is not None
    ]
    return CorrectionView(correction=_summary(correction, candidacy), fields=fields)


async def _decided(
    conn: Connection,
    deps: ServiceDeps,
    caller: SignedIn,
    correction: Correction,
    candidacy: Candidacy,
    outcome: CorrectionOutcome,
    reason: str | None = None,
) -> CorrectionSummary:
    """The decision saved, its event for the party, and its activity entry."""
    by, now = caller.principal.account_id, utc_now()
    await corrections.decide(conn, correction.correction_id, outcome, reason, by, now)
    await deps.outbox.add(
        conn,
        CORRECTION_DECIDED,
        CorrectionDecided(
            election_id=candidacy.election_id,
            candidacy_id=candidacy.candidacy_id,
            capturing_party=candidacy.capturing_party,
            correction_id=correction.correction_id,
            fields=correction.fields,
            outcome=outcome,
            reason=reason,
        ),
        actor=caller.actor,
        election_id=candidacy.election_id,
        subject_id=candidacy.candidacy_id,
    )
    detail: dict[str, DetailValue] = {
        "solicitud": correction.correction_id,
        "campos": correction.fields,
    }
    if reason:
        detail["motivo"] = reason[:500]
    await record(
        conn,
        deps.outbox,
        caller,
        f"correction.{'apply' if outcome is CorrectionOutcome.APPLIED else 'decline'}",
        on_candidacy(candidacy.candidacy_id),
        detail,
    )
    decided = await _named(conn, correction.correction_id)
    return _summary(decided, candidacy)


async def apply(
    conn: Connection, deps: ServiceDeps, order: CorrectionApply, caller: SignedIn
) -> CorrectionSummary:
    """The institute's new answers for the named fields, saved through a draft save's
    checks; the candidacy stays submitted, for its supervisor to validate."""
    correction = await _named(conn, order.correction_id, lock=True)
    check_may_decide_correction(correction.pending)
    candidacy, _ = await live_candidacy(conn, correction.candidacy_id)
    check_may_apply_correction(candidacy.capture_status)
    check_only_named(correction.fields, order.respuestas)
    for questionnaire, answers in sorted(order.by_questionnaire(order.respuestas).items()):
        save = QuestionnaireSave(
            candidacy_id=candidacy.candidacy_id, cuestionario=questionnaire, respuestas=answers
        )
        await save_correction(conn, deps, save, caller)
    return await _decided(conn, deps, caller, correction, candidacy, CorrectionOutcome.APPLIED)


async def decline(
    conn: Connection, deps: ServiceDeps, order: CorrectionDecline, caller: SignedIn
) -> CorrectionSummary:
    """The institute does not change the candidacy, and says why."""
    correction = await _named(conn, order.correction_id, lock=True)
    check_may_decide_correction(correction.pending)
    candidacy, _ = await candidacy_in_election(conn, correction.candidacy_id, lock=True)
    reason = order.motivo.strip()
    return await _decided(
        conn, deps, caller, correction, candidacy, CorrectionOutcome.DECLINED, reason
    )
