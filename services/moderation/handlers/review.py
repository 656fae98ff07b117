"""review.*: the verifiers' queue, one candidacy's review, the decisions that disable (or
enable again) publication, and the observations a party reads on its own candidacies."""

from contracts.moderation import QueueFilters, ReviewQueue
from contracts.requests import Request
from services.moderation.handlers.refusals import signed_in, with_connection
from services.moderation.steps import queueing
from services.runtime.service_deps import ServiceDeps


async def review_queue(deps: ServiceDeps, request: Request[QueueFilters]) -> ReviewQueue:
    caller = signed_in(request, "consultar la cola de revisión")
    return await with_connection(deps, queueing.review_queue, request.payload, caller)
