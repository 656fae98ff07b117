"""Requests ``entries.*`` and ``log.*``: searching the log's entries, and verifying all of
them (the console's "verificar ahora")."""

import base64

from contracts.audit import EntryPage, EntrySearch, LogVerification
from contracts.errors import ErrorCode
from contracts.requests import Empty, Request
from services.audit.domain.access import LogReadRefused, authorize_log_read, may_verify
from services.audit.handlers.refusals import log_read_refused, refuse
from services.audit.steps.searching import search_entries
from services.audit.steps.verifying import verify_on_request
from services.runtime.service_deps import ServiceDeps


async def search(deps: ServiceDeps, request: Request[EntrySearch]) -> EntryPage:
    try:
        view = authorize_log_read(request.principal)
    except LogReadRefused:
        raise log_read_refused(request.principal) from None
    return await search_entries(
        deps,
        view,
        request.payload,
        request_id=request.request_id,
        client_address=request.client_address,
    )


async def verify_now(deps: ServiceDeps, request: Request[Empty]) -> LogVerification:
    """The whole log recomputed, as ``conoceles audit verify`` does, and the answer
    recorded."""
    if not may_verify(request.principal):
        raise refuse(ErrorCode.FORBIDDEN, "Solo la administración y soporte verifican la bitácora.")
    verdict = await verify_on_request(
        deps,
        principal=request.principal,
        request_id=request.request_id,
        client_address=request.client_address,
    )
    return LogVerification(
        intact=verdict.finding is None,
        entries=verdict.entries,
        root=base64.b64encode(verdict.root).decode(),
        message=str(verdict),
        first_bad_seq=verdict.finding.seq if verdict.finding else None,
    )
