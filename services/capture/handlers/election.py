"""election.*: configuring an election (the admin) and reading it (everyone signed in)."""

from contracts.capture import ElectionConfig, ElectionRef, Elections
from contracts.requests import Empty, Request
from services.capture.handlers.refusals import admin, in_transaction, signed_in, with_connection
from services.capture.steps import configuring, finding
from services.capture.store import elections as election_rows
from services.runtime.service_deps import ServiceDeps


async def configure_election(deps: ServiceDeps, request: Request[ElectionConfig]) -> ElectionConfig:
    caller = admin(request, "configura elecciones")
    return await in_transaction(
        deps, configuring.configure_election, deps.outbox, request.payload, caller
    )


async def election(deps: ServiceDeps, request: Request[ElectionRef]) -> ElectionConfig:
    signed_in(request, "consultar la elección")
    found = await with_connection(deps, finding.election_named, request.payload.election_id)
    return found.config


async def elections(deps: ServiceDeps, request: Request[Empty]) -> Elections:
    signed_in(request, "consultar las elecciones")
    return Elections(elections=await election_rows.election_configs(deps.pool))
