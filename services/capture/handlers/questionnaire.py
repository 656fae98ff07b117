"""questionnaire.*: reading and saving a candidacy's questionnaires (drafts)."""

from contracts.capture import QuestionnaireRef, QuestionnaireSave, QuestionnaireView
from contracts.requests import Request
from services.capture.handlers.refusals import in_transaction, signed_in
from services.capture.steps import capturing
from services.runtime.service_deps import ServiceDeps


async def get_questionnaire(
    deps: ServiceDeps, request: Request[QuestionnaireRef]
) -> QuestionnaireView:
    caller = signed_in(request, "consultar la candidatura")
    return await in_transaction(deps, capturing.read_questionnaire, deps, request.payload, caller)


async def save_questionnaire(
    deps: ServiceDeps, request: Request[QuestionnaireSave]
) -> QuestionnaireView:
    caller = signed_in(request, "capturar")
    return await in_transaction(deps, capturing.save_draft, deps, request.payload, caller)
