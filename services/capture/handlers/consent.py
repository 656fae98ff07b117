"""consent.*: the signed consent document attached, revoked (000 §5.5), and its format
to print (000 §3.10)."""

from contracts.capture import Attach, Attached, BlankConsentFormat, PersonRef
from contracts.requests import Document, Empty, Request
from services.capture.handlers.refusals import in_transaction, on_its_own, signed_in
from services.capture.steps import attaching, consenting
from services.runtime.service_deps import ServiceDeps


async def attach_consent(deps: ServiceDeps, request: Request[Attach]) -> Attached:
    caller = signed_in(request, "capturar")
    return await on_its_own(attaching.attach_consent, deps, request.payload, caller)


async def revoke_consent(deps: ServiceDeps, request: Request[PersonRef]) -> Empty:
    """Revocation at any time via the supervisor (000 §5.5); identity leaves public view
    at once: the projection is announced again without it."""
    caller = signed_in(request, "revocar el consentimiento")
    return await in_transaction(deps, consenting.revoke, deps, request.payload, caller)


async def consent_format(deps: ServiceDeps, request: Request[PersonRef]) -> Document:
    caller = signed_in(request, "descargar el formato")
    return await on_its_own(consenting.consent_format, deps, request.payload, caller)


async def blank_consent_format(deps: ServiceDeps, request: Request[BlankConsentFormat]) -> Document:
    """Anyone may download the blank format, signed in or not (000 §3.11)."""
    return await on_its_own(consenting.blank_consent_format, deps, request.payload)
