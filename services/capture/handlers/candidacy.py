"""candidacy.*: the candidacy list (a page of it) and one candidacy's summary, submission
(one chance), its preview, validation, asking the institute to correct and warning the
party's capture; and validation.queue, the supervisor's list."""

from contracts.capture import (
    CandidacyFilters,
    CandidacyList,
    CandidacyQuery,
    CandidacyRef,
    CandidacySummary,
    CompletenessReport,
    CorrectionRequest,
    ElectionRef,
    PartyWarning,
    Submit,
    SubmitPreview,
)
from contracts.errors import ErrorCode
from contracts.events.capture import PublicProjection
from contracts.requests import Empty, Request
from services.capture.domain.scope import QUEUE_READERS
from services.capture.handlers.refusals import in_transaction, signed_in, with_connection
from services.capture.steps import listing, submitting, tallying, validating, warning
from services.runtime.refusal_replies import refuse
from services.runtime.service_deps import ServiceDeps


async def candidacies(deps: ServiceDeps, request: Request[CandidacyQuery]) -> CandidacyList:
    caller = signed_in(request, "consultar candidaturas")
    return await with_connection(deps, listing.candidacy_list, caller.principal, request.payload)


async def candidacy_summary(deps: ServiceDeps, request: Request[CandidacyRef]) -> CandidacySummary:
    caller = signed_in(request, "consultar la candidatura")
    return await with_connection(deps, listing.candidacy_summary, caller.principal, request.payload)


async def validation_queue(deps: ServiceDeps, request: Request[CandidacyFilters]) -> CandidacyList:
    """The supervisor's queue: its party's submitted candidacies (000 §4.1)."""
    caller = signed_in(request, "consultar la cola de validación")
    if caller.principal.role not in QUEUE_READERS:
        raise refuse(ErrorCode.FORBIDDEN, "La cola de validación es de la supervisión.")
    return await with_connection(deps, listing.validation_queue, caller.principal, request.payload)


async def submit_candidacy(deps: ServiceDeps, request: Request[Submit]) -> SubmitPreview:
    """Without ``confirmar``: what is missing. With it: the one chance (000 §3.16)."""
    caller = signed_in(request, "enviar")
    return await in_transaction(deps, submitting.submit, deps, request.payload, caller)


async def submission_preview(deps: ServiceDeps, request: Request[CandidacyRef]) -> SubmitPreview:
    caller = signed_in(request, "consultar la candidatura")
    return await with_connection(deps, submitting.submission_preview, deps, request.payload, caller)


async def validate_candidacy(deps: ServiceDeps, request: Request[CandidacyRef]) -> PublicProjection:
    caller = signed_in(request, "validar")
    return await in_transaction(deps, validating.validate, deps, request.payload, caller)


async def request_correction(deps: ServiceDeps, request: Request[CorrectionRequest]) -> Empty:
    """Where the supervisor does not edit (000 §4.3), it asks the institute to correct."""
    caller = signed_in(request, "solicitar correcciones")
    return await in_transaction(deps, validating.request_correction, deps, request.payload, caller)


async def warn_party(deps: ServiceDeps, request: Request[PartyWarning]) -> Empty:
    """The supervisor warns the party's capture of incomplete or non-compliant fields
    (002 §II.B.1.II)."""
    caller = signed_in(request, "advertir a la captura")
    return await in_transaction(deps, warning.warn_party, deps, request.payload, caller)


async def candidacy_completeness(
    deps: ServiceDeps, request: Request[ElectionRef]
) -> CompletenessReport:
    """The institute's completeness monitoring: an election's candidacies by party and
    office, with those not captured or incomplete (000 §5.6)."""
    caller = signed_in(request, "consultar el avance de la captura")
    return await with_connection(deps, tallying.completeness, caller.principal, request.payload)
