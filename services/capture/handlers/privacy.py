"""privacy.accept: the election's current privacy notice, accepted for a candidacy."""

from contracts.capture import PrivacyAcceptance
from contracts.requests import Empty, Request
from services.capture.handlers.refusals import in_transaction, signed_in
from services.capture.steps import accepting_privacy
from services.runtime.service_deps import ServiceDeps


async def accept_privacy(deps: ServiceDeps, request: Request[PrivacyAcceptance]) -> Empty:
    caller = signed_in(request, "capturar")
    return await in_transaction(
        deps, accepting_privacy.accept_privacy, deps, request.payload, caller
    )
