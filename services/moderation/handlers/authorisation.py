"""authorisation.*: the validated candidacies awaiting the institute's authorisation and
the verifier's authorisation (002 §II.C); what is published, for the institute's review
after publication, and the verifier's check of one (000 §5.6, 004 §4.IV, §34)."""

from contracts.moderation import (
    AuthorisationItem,
    AuthorisationQueue,
    CheckPublished,
    ElectionOf,
    PublishedItem,
    PublishedReview,
    ReviewRef,
)
from contracts.requests import Request
from services.moderation.handlers.refusals import in_transaction, signed_in, with_connection
from services.moderation.steps import authorising, checking
from services.runtime.service_deps import ServiceDeps


async def authorisation_queue(
    deps: ServiceDeps, request: Request[ElectionOf]
) -> AuthorisationQueue:
    caller = signed_in(request, "consultar las autorizaciones")
    return await with_connection(deps, authorising.authorisation_queue, request.payload, caller)


async def authorise(deps: ServiceDeps, request: Request[ReviewRef]) -> AuthorisationItem:
    caller = signed_in(request, "autorizar la publicación")
    return await in_transaction(deps, authorising.authorise, deps, request.payload, caller)


async def published(deps: ServiceDeps, request: Request[ElectionOf]) -> PublishedReview:
    caller = signed_in(request, "revisar lo publicado")
    return await with_connection(deps, checking.published_review, request.payload, caller)


async def check_published(deps: ServiceDeps, request: Request[CheckPublished]) -> PublishedItem:
    caller = signed_in(request, "verificar lo publicado")
    return await in_transaction(deps, checking.check, deps, request.payload, caller)
