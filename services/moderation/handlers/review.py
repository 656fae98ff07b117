"""review.*: the verifiers' queue, one candidacy's review, the decisions that disable (or
enable again) publication, and the observations a party reads on its own candidacies."""

from contracts.moderation import (
    CandidacyReview,
    Decide,
    DecisionView,
    Observations,
    QueueFilters,
    Reverse,
    ReviewQueue,
    ReviewRef,
)
from contracts.requests import Empty, Request
from services.moderation.handlers.refusals import in_transaction, signed_in, with_connection
from services.moderation.steps import deciding, observing, queueing
from services.runtime.service_deps import ServiceDeps


async def review_queue(deps: ServiceDeps, request: Request[QueueFilters]) -> ReviewQueue:
    caller = signed_in(request, "consultar la cola de revisión")
    return await with_connection(deps, queueing.review_queue, request.payload, caller)


async def review(deps: ServiceDeps, request: Request[ReviewRef]) -> CandidacyReview:
    caller = signed_in(request, "revisar la candidatura")
    return await with_connection(deps, deciding.review, request.payload, caller)


async def decide(deps: ServiceDeps, request: Request[Decide]) -> DecisionView:
    caller = signed_in(request, "decidir sobre la publicación")
    return await in_transaction(deps, deciding.decide, deps, request.payload, caller)


async def reverse(deps: ServiceDeps, request: Request[Reverse]) -> DecisionView:
    caller = signed_in(request, "revertir una decisión")
    return await in_transaction(deps, deciding.reverse, deps, request.payload, caller)


async def clear(deps: ServiceDeps, request: Request[ReviewRef]) -> Empty:
    caller = signed_in(request, "dar por revisada la candidatura")
    return await in_transaction(deps, deciding.clear, deps, request.payload, caller)


async def observations(deps: ServiceDeps, request: Request[Empty]) -> Observations:
    caller = signed_in(request, "consultar las observaciones")
    return await with_connection(deps, observing.observations, caller)
