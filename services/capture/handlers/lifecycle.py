"""The candidacy list, submission (one chance), the supervisor's queue, validation, and
asking the institute to correct."""

import json
from typing import Any

from contracts.activity import ActivityTarget, Outcome
from contracts.capture import (
    CandidacyList,
    CandidacyRef,
    CandidacySummary,
    CorrectionRequest,
    Submit,
    SubmitPreview,
)
from contracts.envelope import Actor, ActorKind, utc_now
from contracts.errors import ErrorCode
from contracts.events.capture import CORRECTION_REQUESTED, CorrectionRequested, PublicProjection
from contracts.profile import NonCompliantData
from contracts.requests import Empty, Principal, Request
from contracts.roles import Role
from services.capture import store
from services.capture.capturing import scope_of
from services.capture.domain.lifecycle import (
    CaptureStatus,
    Refused,
    check_may_submit,
    check_may_validate,
)
from services.capture.domain.scope import (
    NotAllowed,
    OutOfScope,
    check_may_capture,
    check_may_read,
)
from services.capture.handlers.candidacies import candidacy_in_election, live_candidacy
from services.capture.handlers.refusals import refuse, scope_refusal, signed_in
from services.capture.lifecycle import preview, submit, validate
from services.runtime.activity import record_activity
from services.runtime.service_deps import ServiceDeps


def _filters(principal: Principal) -> dict[str, str | None]:
    """What a principal's list is confined to: staff see all, a party its own."""
    if principal.role in (Role.ADMIN, Role.VERIFIER, Role.ANALYST, Role.SUPPORT):
        return {"election_id": None, "party": None, "candidacy_id": None}
    if principal.party_id is not None and principal.role != Role.CANDIDATE:
        return {
            "election_id": principal.election_id,
            "party": principal.party_id,
            "candidacy_id": None,
        }
    if principal.candidacy_id is not None:
        return {
            "election_id": principal.election_id,
            "party": None,
            "candidacy_id": principal.candidacy_id,
        }
    raise refuse(ErrorCode.FORBIDDEN, "Su rol no consulta candidaturas.")


def _summary(row: Any) -> CandidacySummary:
    formula = json.loads(row["formula"])
    owner = formula["owner"]
    name = " ".join(
        p for p in (owner["names"], owner["first_surname"], owner["second_surname"]) if p
    )
    completeness = {}
    for key, column in (
        ("curricular", "curricular_completeness"),
        ("identidad", "identity_completeness"),
    ):
        completeness[key] = json.loads(row[column]) if row[column] else {}
    return CandidacySummary(
        candidacy_id=row["candidacy_id"],
        election_id=row["election_id"],
        owner_name=name,
        office=formula["office"],
        capturing_party=row["capturing_party"],
        status=row["status"],
        capture_status=row["capture_status"],
        completeness=completeness,
        deadline_at=row["deadline_at"],
        overdue=row["deadline_at"] is not None
        and row["capture_status"] == "draft"
        and row["deadline_at"] < utc_now(),
    )


async def candidacies(deps: ServiceDeps, request: Request[Empty]) -> CandidacyList:
    principal = signed_in(request, "consultar candidaturas")
    rows = await store.candidacies_in_scope(deps.pool, **_filters(principal))
    return CandidacyList(candidacies=[_summary(row) for row in rows])


async def validation_queue(deps: ServiceDeps, request: Request[Empty]) -> CandidacyList:
    """The supervisor's queue: its party's submitted candidacies (000 §4.1)."""
    principal = signed_in(request, "consultar la cola de validación")
    if principal.role not in (Role.SUPERVISOR, Role.INDEPENDENT, Role.PARTY_ADMIN):
        raise refuse(ErrorCode.FORBIDDEN, "La cola de validación es de la supervisión.")
    rows = await store.candidacies_in_scope(deps.pool, **_filters(principal), status="submitted")
    return CandidacyList(candidacies=[_summary(row) for row in rows])


async def submit_candidacy(deps: ServiceDeps, request: Request[Submit]) -> SubmitPreview:
    """Without ``confirmar``: what is missing. With it: the one chance (000 §3.16)."""
    principal = signed_in(request, "enviar")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, profile = await live_candidacy(conn, order.candidacy_id)
        try:
            check_may_capture(principal, scope_of(row), profile.capture.captured_by)
            check_may_submit(CaptureStatus(row["capture_status"]))
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        except Refused as refused:
            raise refuse(ErrorCode.CONFLICT, str(refused)) from None
        shown = await preview(conn, deps.settings, order.candidacy_id)
        ready = not any(shown.missing.values()) and not any(shown.problems.values())
        if not order.confirmar or not ready:
            return shown
        try:
            await submit(
                conn,
                deps.outbox,
                order.candidacy_id,
                principal,
                request_id=request.request_id,
                client_address=request.client_address,
            )
        except Refused as refused:
            raise refuse(ErrorCode.CONFLICT, str(refused)) from None
        return shown.model_copy(update={"submitted": True})


async def submission_preview(deps: ServiceDeps, request: Request[CandidacyRef]) -> SubmitPreview:
    """What submitting still needs, for anyone who may read the candidacy. A read: it
    records nothing, and says whether the caller may submit, so that a supervisor's or an
    admin's look at a draft is not a refused submission in the activity log."""
    principal = signed_in(request, "consultar la candidatura")
    async with deps.pool.acquire() as conn:
        row, _, profile = await candidacy_in_election(conn, request.payload.candidacy_id)
        candidacy = scope_of(row)
        try:
            check_may_read(principal, candidacy)
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        try:
            check_may_capture(principal, candidacy, profile.capture.captured_by)
            check_may_submit(CaptureStatus(row["capture_status"]))
            may_submit = row["status"] == "registrada"
        except (OutOfScope, NotAllowed, Refused):
            may_submit = False
        shown = await preview(conn, deps.settings, candidacy.candidacy_id)
    return shown.model_copy(update={"may_submit": may_submit})


async def validate_candidacy(deps: ServiceDeps, request: Request[CandidacyRef]) -> PublicProjection:
    principal = signed_in(request, "validar")
    async with deps.pool.acquire() as conn, conn.transaction():
        row, profile = await live_candidacy(conn, request.payload.candidacy_id)
        candidacy = scope_of(row)
        try:
            check_may_read(principal, candidacy)
            check_may_validate(CaptureStatus(row["capture_status"]), principal, candidacy)
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        except Refused as refused:
            raise refuse(ErrorCode.CONFLICT, str(refused)) from None
        shown = await preview(conn, deps.settings, candidacy.candidacy_id)
        if any(shown.missing.values()) or any(shown.problems.values()):
            raise refuse(
                ErrorCode.CONFLICT,
                "Faltan datos o hay campos por corregir; no se puede validar todavía.",
            )
        try:
            return await validate(
                conn,
                deps.settings,
                deps.outbox,
                row,
                profile,
                principal,
                request_id=request.request_id,
                client_address=request.client_address,
            )
        except Refused as refused:
            raise refuse(ErrorCode.CONFLICT, str(refused)) from None


async def request_correction(deps: ServiceDeps, request: Request[CorrectionRequest]) -> Empty:
    """Where the supervisor does not edit (000 §4.3), it asks the institute to correct."""
    principal = signed_in(request, "solicitar correcciones")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, profile = await live_candidacy(conn, order.candidacy_id)
        try:
            check_may_read(principal, scope_of(row))
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        if principal.role != Role.SUPERVISOR:
            raise refuse(ErrorCode.FORBIDDEN, "Solicita correcciones la supervisión del partido.")
        if profile.validation.non_compliant_data is not NonCompliantData.ASK_INSTITUTE:
            raise refuse(ErrorCode.CONFLICT, "En este proceso la supervisión edita y valida.")
        if row["capture_status"] != CaptureStatus.SUBMITTED.value:
            raise refuse(
                ErrorCode.CONFLICT,
                "Solo se piden correcciones de cuestionarios enviados y sin validar.",
            )
        await store.set_correction_requested(conn, order.candidacy_id, utc_now())
        await deps.outbox.add(
            conn,
            CORRECTION_REQUESTED,
            CorrectionRequested(
                election_id=row["election_id"],
                candidacy_id=order.candidacy_id,
                fields=sorted(order.campos),
                note=order.nota,
            ),
            actor=Actor(kind=ActorKind.ACCOUNT, id=principal.account_id, role=principal.role),
            election_id=row["election_id"],
            subject_id=order.candidacy_id,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="candidacy.request_correction",
            outcome=Outcome.OK,
            principal=principal,
            target=ActivityTarget(kind="candidacy", id=order.candidacy_id),
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"campos": sorted(order.campos)[:40]},
        )
    return Empty()
