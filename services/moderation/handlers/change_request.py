"""change_request.*: a party files its one change request to a published candidacy, the
admin lists them (with due and overdue), reads one, approves or rejects it (000 §5.4,
002 §II.C)."""

from contracts.change_requests import (
    ApproveChangeRequest,
    ChangeRequestList,
    ChangeRequestQuery,
    ChangeRequestRef,
    ChangeRequestView,
    FileChangeRequest,
    RejectChangeRequest,
)
from contracts.requests import Request
from services.moderation.handlers.refusals import in_transaction, signed_in, with_connection
from services.moderation.steps import deciding_changes, filing_changes
from services.runtime.service_deps import ServiceDeps


async def file(deps: ServiceDeps, request: Request[FileChangeRequest]) -> ChangeRequestView:
    caller = signed_in(request, "presentar una solicitud de cambio")
    return await in_transaction(deps, filing_changes.file, deps, request.payload, caller)


async def listing(deps: ServiceDeps, request: Request[ChangeRequestQuery]) -> ChangeRequestList:
    caller = signed_in(request, "consultar las solicitudes de cambio")
    return await with_connection(deps, filing_changes.listing, request.payload, caller)


async def get(deps: ServiceDeps, request: Request[ChangeRequestRef]) -> ChangeRequestView:
    caller = signed_in(request, "consultar la solicitud de cambio")
    return await with_connection(deps, filing_changes.get, request.payload, caller)


async def approve(deps: ServiceDeps, request: Request[ApproveChangeRequest]) -> ChangeRequestView:
    caller = signed_in(request, "decidir la solicitud de cambio")
    return await in_transaction(deps, deciding_changes.approve, deps, request.payload, caller)


async def reject(deps: ServiceDeps, request: Request[RejectChangeRequest]) -> ChangeRequestView:
    caller = signed_in(request, "decidir la solicitud de cambio")
    return await in_transaction(deps, deciding_changes.reject, deps, request.payload, caller)
