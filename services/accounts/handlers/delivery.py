"""Handlers of ``delivery.*``: a scope's receipt, its recorded delivery, and the admin's
board of deliveries (steps/delivering.py)."""

from contracts.accounts import DeliveryBoard, DeliveryStatus, RecordDelivery, Scope, ScopeRef
from contracts.requests import Document, Empty, Request
from contracts.roles import Role
from services.accounts.domain import permissions
from services.accounts.handlers.refusals import in_transaction, refusals
from services.accounts.steps import delivering
from services.accounts.steps.recording import Origin
from services.runtime.service_deps import ServiceDeps


async def receipt(deps: ServiceDeps, request: Request[ScopeRef]) -> Document:
    with refusals():
        permissions.require_role(request.principal, Role.ADMIN)
    ref = request.payload
    scope = Scope(kind=ref.scope_kind, id=ref.scope_id)
    origin = Origin.of(request)
    return await in_transaction(
        deps, delivering.print_receipt, deps, origin, ref.election_id, scope
    )


async def record_delivery(deps: ServiceDeps, request: Request[RecordDelivery]) -> DeliveryStatus:
    with refusals():
        admin = permissions.require_role(request.principal, Role.ADMIN)
    origin = Origin.of(request)
    return await in_transaction(
        deps, delivering.record_delivery, deps, origin, admin, request.payload
    )


async def board(deps: ServiceDeps, request: Request[Empty]) -> DeliveryBoard:
    with refusals():
        permissions.require_role(request.principal, Role.ADMIN)
    return await in_transaction(deps, delivering.board)
