"""Handlers of ``session.*`` (sign-in, refresh, sign-out) and ``keys.public`` (the keys
that verify the sessions' access tokens)."""

from contracts.accounts import Refresh, Session, SignIn, TokenKeys
from contracts.envelope import utc_now
from contracts.requests import Empty, Request
from services.accounts.handlers.refusals import in_transaction, refusals, signed_in
from services.accounts.steps import renewing, rotating, signing_in
from services.accounts.steps.recording import Origin
from services.runtime.service_deps import ServiceDeps


async def sign_in(deps: ServiceDeps, request: Request[SignIn]) -> Session:
    with refusals():
        return await signing_in.sign_in(deps, Origin.of(request), request.payload)


async def refresh(deps: ServiceDeps, request: Request[Refresh]) -> Session:
    with refusals():
        return await renewing.renew(deps, Origin.of(request), request.payload)


async def sign_out(deps: ServiceDeps, request: Request[Empty]) -> Empty:
    principal = signed_in(request.principal)
    await in_transaction(deps, signing_in.sign_out, deps, Origin.of(request), principal)
    return Empty()


async def public_keys(deps: ServiceDeps, _: Request[Empty]) -> TokenKeys:
    async with deps.pool.acquire() as conn:
        return await rotating.published(conn, deps.settings, utc_now())
