"""Handlers of ``activation.*``: the one-time code from the receipt becomes a password,
and for staff a second factor (steps/activating.py)."""

from contracts.accounts import Activate, Activated, ActivationCode, ActivationInfo, ConfirmTotp
from contracts.requests import Empty, Request
from services.accounts.handlers.refusals import in_transaction, refusals
from services.accounts.steps import activating
from services.accounts.steps.recording import Origin
from services.runtime.service_deps import ServiceDeps


async def lookup(deps: ServiceDeps, request: Request[ActivationCode]) -> ActivationInfo:
    with refusals():
        return await activating.look_up(deps, Origin.of(request), request.payload.codigo)


async def activate(deps: ServiceDeps, request: Request[Activate]) -> Activated:
    with refusals():
        return await activating.activate(deps, Origin.of(request), request.payload)


async def confirm_totp(deps: ServiceDeps, request: Request[ConfirmTotp]) -> Empty:
    await in_transaction(deps, activating.confirm_totp, deps, Origin.of(request), request.payload)
    return Empty()
