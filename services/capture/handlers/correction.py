"""correction.*: the institute's administration decides what supervisors asked it to
correct (000 §4.3): the pending requests, one request with its fields, applying it or
declining it with a reason."""

from contracts.capture import (
    CorrectionApply,
    CorrectionDecline,
    CorrectionRef,
    CorrectionSummary,
    CorrectionView,
    ElectionRef,
    PendingCorrections,
)
from contracts.requests import Request
from services.capture.handlers.refusals import admin, in_transaction, with_connection
from services.capture.steps import correcting
from services.runtime.service_deps import ServiceDeps


async def pending(deps: ServiceDeps, request: Request[ElectionRef]) -> PendingCorrections:
    admin(request, "consulta las solicitudes de corrección")
    return await with_connection(deps, correcting.pending, request.payload.election_id)


async def view(deps: ServiceDeps, request: Request[CorrectionRef]) -> CorrectionView:
    caller = admin(request, "consulta las solicitudes de corrección")
    return await in_transaction(deps, correcting.view, deps, request.payload, caller)


async def apply(deps: ServiceDeps, request: Request[CorrectionApply]) -> CorrectionSummary:
    caller = admin(request, "aplica las correcciones")
    return await in_transaction(deps, correcting.apply, deps, request.payload, caller)


async def decline(deps: ServiceDeps, request: Request[CorrectionDecline]) -> CorrectionSummary:
    caller = admin(request, "rechaza las correcciones")
    return await in_transaction(deps, correcting.decline, deps, request.payload, caller)
