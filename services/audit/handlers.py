"""Requests to the audit service: the latest checkpoint, the public key, proofs.

Proofs read O(log n) perfect-subtree hashes in one query and answer in the shape of the
transparency-dev vectors, so any RFC 6962 verifier can check them.
"""

import asyncio
import base64
import json
from typing import Any

from contracts.activity import Outcome
from contracts.audit import (
    ConsistencyProof,
    ConsistencyQuery,
    EntryPage,
    EntrySearch,
    EntrySort,
    InclusionProof,
    InclusionQuery,
    LoggedEntry,
    LogVerification,
    PublicKey,
    SignedCheckpoint,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.requests import Empty, Request
from services.audit import store
from services.audit.domain.access import LogReadRefused, authorize_log_read, may_verify
from services.audit.domain.merkle import (
    consistency_proof,
    inclusion_proof,
    lookup,
    needed_subtrees,
    root,
)
from services.audit.signing import signer_for
from services.audit.verify_command import verify_log
from services.runtime.activity import record_activity
from services.runtime.requests import RequestRefused
from services.runtime.service_deps import ServiceDeps


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def refuse(code: ErrorCode, detail: str) -> RequestRefused:
    return RequestRefused(ErrorReply.of(code, detail))


async def latest_checkpoint(deps: ServiceDeps, _: Request[Empty]) -> SignedCheckpoint:
    latest = await store.latest_checkpoint(deps.pool)
    if latest is None:
        raise refuse(ErrorCode.NOT_FOUND, "La bitácora aún no tiene entradas firmadas.")
    return SignedCheckpoint(size=latest.size, root=b64(latest.root), note=latest.note)


async def public_key(deps: ServiceDeps, _: Request[Empty]) -> PublicKey:
    signer = signer_for(deps.settings)
    return PublicKey(name=signer.origin, verifier_key=signer.verifier_key)


async def _require_size(deps: ServiceDeps, size: int) -> None:
    current = await store.log_size(deps.pool)
    if size > current:
        raise refuse(
            ErrorCode.NOT_FOUND, f"La bitácora tiene {current} entradas; no llega a {size}."
        )


async def prove_inclusion(deps: ServiceDeps, request: Request[InclusionQuery]) -> InclusionProof:
    index, size = request.payload.indice, request.payload.tamano
    if index >= size:
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            f"La entrada {index} no está en un árbol de {size} entradas (se cuentan desde 0).",
        )
    await _require_size(deps, size)

    def build(get: Any) -> None:
        root(size, get)
        inclusion_proof(index, size, get)
        get(0, index)

    hashes = await store.subtree_hashes(deps.pool, needed_subtrees(build))
    get = lookup(hashes)
    return InclusionProof(
        leaf_index=index,
        tree_size=size,
        root=b64(root(size, get)),
        leaf_hash=b64(get(0, index)),
        proof=[b64(h) for h in inclusion_proof(index, size, get)],
    )


async def prove_consistency(
    deps: ServiceDeps, request: Request[ConsistencyQuery]
) -> ConsistencyProof:
    first, second = request.payload.de, request.payload.a
    if first > second:
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            f"El tamaño anterior ({first}) excede al posterior ({second}).",
        )
    await _require_size(deps, second)

    def build(get: Any) -> None:
        root(first, get)
        root(second, get)
        consistency_proof(first, second, get)

    hashes = await store.subtree_hashes(deps.pool, needed_subtrees(build))
    get = lookup(hashes)
    return ConsistencyProof(
        size1=first,
        size2=second,
        root1=b64(root(first, get)),
        root2=b64(root(second, get)),
        proof=[b64(h) for h in consistency_proof(first, second, get)],
    )


async def search_entries(deps: ServiceDeps, request: Request[EntrySearch]) -> EntryPage:
    try:
        view = authorize_log_read(request.principal)
    except LogReadRefused:
        if request.principal is None:
            raise refuse(
                ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la bitácora."
            ) from None
        raise refuse(
            ErrorCode.FORBIDDEN,
            "Solo la administración y soporte consultan la bitácora; los partidos y las "
            "candidaturas, las entradas sobre sus propias candidaturas.",
        ) from None
    search = request.payload
    filters = search.model_dump(include=set(store.SEARCH_FILTERS), exclude_none=True)
    async with deps.pool.acquire() as conn, conn.transaction():
        rows, total = await store.search_entries(
            conn,
            filters,
            newest_first=search.orden is EntrySort.NEWEST_FIRST,
            limit=search.por_pagina,
            offset=(search.pagina - 1) * search.por_pagina,
            party_id=view.party_id,
            candidacy_id=view.candidacy_id,
        )
        await record_activity(
            conn,
            deps.outbox,
            action="activity_log.search",
            outcome=Outcome.OK,
            principal=view.principal,
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"filtros": sorted(filters), "vista": "completa" if view.whole else "propia"},
        )
    return EntryPage(
        entries=[logged_entry(row["seq"], row["leaf"]) for row in rows],
        pagina=search.pagina,
        por_pagina=search.por_pagina,
        total=total,
    )


async def verify_now(deps: ServiceDeps, request: Request[Empty]) -> LogVerification:
    """The console's "verificar ahora": the whole log recomputed, as ``conoceles audit
    verify`` does, and the answer recorded."""
    if not may_verify(request.principal):
        raise refuse(ErrorCode.FORBIDDEN, "Solo la administración y soporte verifican la bitácora.")
    # A thread with a loop of its own: recomputing a large log takes seconds of CPU, and
    # the service's own loop keeps appending and answering meanwhile.
    verdict = await asyncio.to_thread(asyncio.run, verify_log(deps.settings))
    async with deps.pool.acquire() as conn, conn.transaction():
        await record_activity(
            conn,
            deps.outbox,
            action="activity_log.verify",
            outcome=Outcome.OK if verdict.finding is None else Outcome.ERROR,
            principal=request.principal,
            request_id=request.request_id,
            client_address=request.client_address,
            detail={"entradas": verdict.entries},
        )
    return LogVerification(
        intact=verdict.finding is None,
        entries=verdict.entries,
        root=b64(verdict.root),
        message=str(verdict),
        first_bad_seq=verdict.finding.seq if verdict.finding else None,
    )


def logged_entry(seq: int, leaf: bytes) -> LoggedEntry:
    """An entry as its leaf says it: the leaf is what the checkpoints sign."""
    document = json.loads(leaf)
    actor, target = document["actor"], document.get("target") or {}
    return LoggedEntry(
        seq=seq,
        id=document["id"],
        occurred_at=document["occurred_at"],
        recorded_at=document["recorded_at"],
        account_id=actor.get("account_id"),
        role=actor.get("role"),
        election_id=actor.get("election_id"),
        service=document["service"],
        action=document["action"],
        target_kind=target.get("kind"),
        target_id=target.get("id"),
        outcome=document["outcome"],
        request_id=document.get("request_id"),
        trace_id=document.get("trace_id"),
        client_address=document.get("client_address"),
        detail=document.get("detail") or {},
    )
