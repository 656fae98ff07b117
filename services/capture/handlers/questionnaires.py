"""Reading and saving a candidacy's questionnaires (drafts)."""

from contracts.capture import (
    QuestionnaireName,
    QuestionnaireRef,
    QuestionnaireSave,
    QuestionnaireView,
)
from contracts.errors import ErrorCode
from contracts.requests import Request
from contracts.roles import NotAllowed, OutOfScope
from services.capture.capturing import record_identity_read, save, scope_of, view
from services.capture.data_keys import KeyDestroyed
from services.capture.domain.scope import check_may_read
from services.capture.handlers.candidacies import candidacy_in_election, editable_candidacy
from services.capture.handlers.files import check_file_answers
from services.capture.handlers.refusals import refuse, scope_refusal
from services.runtime.service_deps import ServiceDeps


async def get_questionnaire(
    deps: ServiceDeps, request: Request[QuestionnaireRef]
) -> QuestionnaireView:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la candidatura.")
    ref = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        row, _, _ = await candidacy_in_election(conn, ref.candidacy_id)
        candidacy = scope_of(row)
        try:
            check_may_read(principal, candidacy)
        except (OutOfScope, NotAllowed) as error:
            raise scope_refusal(error) from None
        if ref.cuestionario is QuestionnaireName.IDENTITY:
            await record_identity_read(
                conn,
                deps.outbox,
                candidacy,
                principal,
                request_id=request.request_id,
                client_address=request.client_address,
            )
        try:
            return await view(conn, deps.settings, ref.candidacy_id, ref.cuestionario)
        except KeyDestroyed:
            raise refuse(
                ErrorCode.CONFLICT, "Los datos de identidad de esta candidatura se suprimieron."
            ) from None


async def save_questionnaire(
    deps: ServiceDeps, request: Request[QuestionnaireSave]
) -> QuestionnaireView:
    principal = request.principal
    if principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para capturar.")
    order = request.payload
    async with deps.pool.acquire() as conn, conn.transaction():
        await editable_candidacy(conn, principal, order.candidacy_id)
        await check_file_answers(conn, order)
        try:
            return await save(
                conn,
                deps.settings,
                deps.outbox,
                order,
                principal,
                request_id=request.request_id,
                client_address=request.client_address,
            )
        except KeyDestroyed:
            raise refuse(
                ErrorCode.CONFLICT, "Los datos de identidad de esta candidatura se suprimieron."
            ) from None
