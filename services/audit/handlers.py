"""Requests to the audit service: the latest checkpoint, the public key, proofs.

Proofs read O(log n) perfect-subtree hashes in one query and answer in the shape of the
transparency-dev vectors, so any RFC 6962 verifier can check them.
"""

import base64
from typing import Any

from contracts.audit import (
    ConsistencyProof,
    ConsistencyQuery,
    InclusionProof,
    InclusionQuery,
    PublicKey,
    SignedCheckpoint,
)
from contracts.errors import ErrorCode, ErrorReply
from contracts.requests import Empty, Request
from services.audit import store
from services.audit.domain.merkle import (
    consistency_proof,
    inclusion_proof,
    lookup,
    needed_subtrees,
    root,
)
from services.audit.signing import signer_for
from services.runtime.requests import RequestRefused


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def refuse(code: ErrorCode, detail: str) -> RequestRefused:
    return RequestRefused(ErrorReply.of(code, detail))


async def latest_checkpoint(deps: Any, _: Request[Empty]) -> SignedCheckpoint:
    latest = await store.latest_checkpoint(deps.pool)
    if latest is None:
        raise refuse(ErrorCode.NOT_FOUND, "La bitácora aún no tiene entradas firmadas.")
    return SignedCheckpoint(size=latest.size, root=b64(latest.root), note=latest.note)


async def public_key(deps: Any, _: Request[Empty]) -> PublicKey:
    signer = signer_for(deps.settings)
    return PublicKey(name=signer.origin, verifier_key=signer.verifier_key)


async def _require_size(deps: Any, size: int) -> None:
    current = await store.log_size(deps.pool)
    if size > current:
        raise refuse(
            ErrorCode.NOT_FOUND, f"La bitácora tiene {current} entradas; no llega a {size}."
        )


async def prove_inclusion(deps: Any, request: Request[InclusionQuery]) -> InclusionProof:
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


async def prove_consistency(deps: Any, request: Request[ConsistencyQuery]) -> ConsistencyProof:
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
