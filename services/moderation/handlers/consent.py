"""consent.*: the election's consent documents awaiting the institute, one beside its
candidacy's name, and the verifier's acceptance or rejection (000 §3.9, 002 §II.B.3)."""

from contracts.moderation import ConsentItem, ConsentQueue, ConsentRef, ConsentReject, ElectionOf
from contracts.requests import Request
from services.moderation.handlers.refusals import in_transaction, signed_in, with_connection
from services.moderation.steps import verifying
from services.runtime.service_deps import ServiceDeps


async def consent_queue(deps: ServiceDeps, request: Request[ElectionOf]) -> ConsentQueue:
    caller = signed_in(request, "consultar los consentimientos")
    return await with_connection(deps, verifying.consent_queue, request.payload, caller)


async def consent_get(deps: ServiceDeps, request: Request[ConsentRef]) -> ConsentItem:
    caller = signed_in(request, "consultar el consentimiento")
    return await with_connection(deps, verifying.consent_item, request.payload, caller)


async def consent_verify(deps: ServiceDeps, request: Request[ConsentRef]) -> ConsentItem:
    caller = signed_in(request, "verificar el consentimiento")
    return await in_transaction(deps, verifying.verify, deps, request.payload, caller)


async def consent_reject(deps: ServiceDeps, request: Request[ConsentReject]) -> ConsentItem:
    caller = signed_in(request, "rechazar el consentimiento")
    return await in_transaction(deps, verifying.reject, deps, request.payload, caller)
