"""Requests ``checkpoint.*`` and ``key.*``: the log's latest signed checkpoint, and the
key that verifies its signature."""

import base64

from contracts.audit import PublicKey, SignedCheckpoint
from contracts.errors import ErrorCode
from contracts.requests import Empty, Request
from services.audit import store
from services.audit.adapters.keys import signer_for
from services.audit.handlers.refusals import refuse
from services.runtime.service_deps import ServiceDeps


async def latest_checkpoint(deps: ServiceDeps, _: Request[Empty]) -> SignedCheckpoint:
    latest = await store.latest_checkpoint(deps.pool)
    if latest is None:
        raise refuse(ErrorCode.NOT_FOUND, "La bitácora aún no tiene entradas firmadas.")
    root = base64.b64encode(latest.root).decode()
    return SignedCheckpoint(size=latest.size, root=root, note=latest.note)


async def public_key(deps: ServiceDeps, _: Request[Empty]) -> PublicKey:
    signer = signer_for(deps.settings)
    return PublicKey(name=signer.origin, verifier_key=signer.verifier_key)
