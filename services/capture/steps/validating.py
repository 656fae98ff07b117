"""Validating a submitted candidacy (its public projection announced, and moderation
asked to review it) — or validating again what an approved change request enabled
(steps/amending.py) —, or — where the supervisor does not edit (000 §4.3) — asking the
institute to correct it instead. Who may: ``domain/validation.py``."""

from contracts.capture import CandidacyRef, CorrectionRequest
from contracts.envelope import new_event_id, utc_now
from contracts.events.capture import (
    CANDIDACY_VALIDATED,
    CORRECTION_REQUESTED,
    REVIEW_REQUESTED,
    CandidacyValidated,
    CorrectionRequested,
    Person,
    PublicProjection,
    ReviewRequested,
)
from contracts.requests import Empty
from services.capture.domain.errors import Refused
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.publicity import consent_needs_verification, institute_keeps
from services.capture.domain.scope import check_may_read
from services.capture.domain.validation import (
    check_complete,
    check_may_request_correction,
    check_may_validate,
    check_no_pending_correction,
)
from services.capture.steps import amending
from services.capture.steps.finding import live_candidacy
from services.capture.steps.projecting import projection, with_photo
from services.capture.steps.recording import SignedIn, on_candidacy, record
from services.capture.steps.submitting import preview
from services.capture.store import candidacies, consents, corrections
from services.runtime.connections import Connection
from services.runtime.service_deps import ServiceDeps

MAX_FIELDS_LOGGED = 40


async def validate(
    conn: Connection, deps: ServiceDeps, ref: CandidacyRef, caller: SignedIn
) -> PublicProjection:
    principal, candidacy_id = caller.principal, ref.candidacy_id
    candidacy, election = await live_candidacy(conn, candidacy_id)
    check_may_read(principal, candidacy.scope)
    window = await amending.open_window_of(conn, candidacy_id)
    if window is not None and candidacy.capture_status is CaptureStatus.VALIDATED:
        return await amending.revalidate(conn, deps, ref, caller, window)  # 002 §II.C
    check_may_validate(candidacy.capture_status, principal, candidacy.scope, election.profile)
    check_complete(await preview(conn, deps.settings, candidacy, election))
    check_no_pending_correction(await corrections.has_pending(conn, candidacy_id))
    if not await candidacies.mark_validated(conn, candidacy_id, utc_now(), principal.account_id):
        raise Refused("Solo se validan cuestionarios enviados y aún sin validar.")
    public = await projection(conn, deps.settings, candidacy, election.profile)
    consent = await consents.consent(conn, candidacy_id)
    alternate_consent = await consents.consent(conn, candidacy_id, Person.ALTERNATE)
    validated = (
        CANDIDACY_VALIDATED,
        CandidacyValidated(projection=public, capturing_party=candidacy.capturing_party),
        candidacy_id,
    )
    events = [
        *await with_photo(conn, public, validated),
        (
            REVIEW_REQUESTED,
            ReviewRequested(
                election_id=candidacy.election_id,
                candidacy_id=candidacy_id,
                consent_document_sha256=consent.document_sha256,
                alternate_consent_document_sha256=alternate_consent.document_sha256
                if candidacy.formula.alternate is not None
                else None,
                consent_needs_verification=consent_needs_verification(
                    election.profile,
                    candidacy.formula.affirmative_action,
                    consent,
                    independent=candidacy.capturing_party is None,
                ),
                consent_kept_by_institute=institute_keeps(
                    election.profile, independent=candidacy.capturing_party is None
                ),
            ),
            candidacy_id,
        ),
    ]
    await deps.outbox.add_many(conn, events, actor=caller.actor, election_id=candidacy.election_id)
    await record(
        conn,
        deps.outbox,
        caller,
        "candidacy.validate",
        on_candidacy(candidacy_id),
        {
            "identidad_publica": public.identity.any_answer(),
            "identidad_publica_suplente": public.alternate_identity.any_answer(),
        },
    )
    return public


async def request_correction(
    conn: Connection, deps: ServiceDeps, order: CorrectionRequest, caller: SignedIn
) -> Empty:
    """The supervisor asks the institute to correct a submitted candidacy (000 §4.3)."""
    principal, candidacy_id = caller.principal, order.candidacy_id
    candidacy, election = await live_candidacy(conn, candidacy_id)
    check_may_read(principal, candidacy.scope)
    check_may_request_correction(candidacy.capture_status, principal, election.profile)
    now, fields = utc_now(), sorted(order.campos)
    await candidacies.note_correction_requested(conn, candidacy_id, now)
    await corrections.insert_correction(
        conn, str(new_event_id()), candidacy_id, fields, order.nota, principal.account_id, now
    )
    await deps.outbox.add(
        conn,
        CORRECTION_REQUESTED,
        CorrectionRequested(
            election_id=candidacy.election_id,
            candidacy_id=candidacy_id,
            fields=fields,
            note=order.nota,
        ),
        actor=caller.actor,
        election_id=candidacy.election_id,
        subject_id=candidacy_id,
    )
    await record(
        conn,
        deps.outbox,
        caller,
        "candidacy.request_correction",
        on_candidacy(candidacy_id),
        {"campos": fields[:MAX_FIELDS_LOGGED]},
    )
    return Empty()
