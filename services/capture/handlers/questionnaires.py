"""Reading and saving a candidacy's questionnaires (drafts)."""

from typing import Any

from contracts.capture import (
    QuestionnaireName,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
)
from contracts.errors import ErrorCode
from contracts.profile import InstituteProfile
from contracts.requests import Request
from services.capture import store
from services.capture.capturing import profile_of, record_identity_read, save, scope_of, view
from services.capture.data_keys import KeyDestroyed
from services.capture.domain.lifecycle import CaptureStatus, Refused, check_may_edit
from services.capture.domain.scope import NotAllowed, OutOfScope, check_may_capture, check_may_read
from services.capture.handlers.refusals import refuse, scope_refusal


async def _candidacy_and_election(conn: Any, candidacy_id: str) -> tuple[Any, InstituteProfile]:
    row = await store.candidacy(conn, candidacy_id)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa candidatura.")
    election = await store.election(conn, row["election_id"])
    assert election is not None  # a candidacy references its election
    return row, profile_of(election)


async def get_questionnaire(deps: Any, request: Request[QuestionnaireRef]) -> QuestionnaireView:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la candidatura.")
    ref = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, _ = await _candidacy_and_election(conn, ref.candidacy_id)
        candidacy = scope_of(row)
        try:
            check_may_read(principal, candidacy)
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        if ref.cuestionario is QuestionnaireName.IDENTITY:
            await record_identity_read(
                conn, deps.outbox, candidacy, principal, request_id=request.request_id,
                client_address=request.client_address,
            )  # fmt: skip
        try:
            return await view(conn, deps.settings, ref.candidacy_id, ref.cuestionario)
        except KeyDestroyed:
            raise refuse(ErrorCode.CONFLICT, "Los datos de identidad de esta candidatura se "
                         "suprimieron.") from None  # fmt: skip


async def save_questionnaire(deps: Any, request: Request[QuestionnaireSave]) -> QuestionnaireView:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para capturar.")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, profile = await _candidacy_and_election(conn, order.candidacy_id)
        candidacy = scope_of(row)
        status = CaptureStatus(row["capture_status"])
        try:
            if status is CaptureStatus.DRAFT:
                check_may_capture(principal, candidacy, profile.capture.captured_by)
            else:
                check_may_read(principal, candidacy)
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        if row["status"] != "registrada":
            raise refuse(ErrorCode.CONFLICT, "La candidatura fue sustituida o cancelada.")
        try:
            check_may_edit(status, principal, profile, candidacy)
        except Refused as refused:
            raise refuse(ErrorCode.CONFLICT, str(refused)) from None
        try:
            return await save(
                conn, deps.settings, deps.outbox, order, principal,
                request_id=request.request_id, client_address=request.client_address,
            )  # fmt: skip
        except KeyDestroyed:
            raise refuse(ErrorCode.CONFLICT, "Los datos de identidad de esta candidatura se "
                         "suprimieron.") from None  # fmt: skip
