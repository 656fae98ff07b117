"""Requests ``proof.*``: inclusion and consistency proofs.

Pure reads: each reads the log's size and the O(log n) perfect-subtree hashes it needs in
one query, and answers in the shape of the transparency-dev vectors, so any RFC 6962
verifier can check it.
"""

import base64
from collections.abc import Callable

from contracts.audit import ConsistencyProof, ConsistencyQuery, InclusionProof, InclusionQuery
from contracts.errors import ErrorCode
from contracts.requests import Request
from services.audit import store
from services.audit.domain.merkle import (
    SubtreeHash,
    consistency_proof,
    inclusion_proof,
    lookup,
    needed_subtrees,
    root,
)
from services.audit.handlers.refusals import beyond_the_log, refuse
from services.runtime.service_deps import ServiceDeps


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


async def _subtrees_within(
    deps: ServiceDeps, size: int, build: Callable[[SubtreeHash], object]
) -> SubtreeHash:
    """The hashes ``build`` needs, read with the log's size in one round trip; refused
    when the log is smaller than ``size``."""
    current, hashes = await store.size_and_subtree_hashes(deps.pool, needed_subtrees(build))
    if size > current:
        raise beyond_the_log(current, size)
    return lookup(hashes)


async def prove_inclusion(deps: ServiceDeps, request: Request[InclusionQuery]) -> InclusionProof:
    index, size = request.payload.indice, request.payload.tamano
    if index >= size:
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            f"La entrada {index} no está en un árbol de {size} entradas (se cuentan desde 0).",
        )

    def build(get: SubtreeHash) -> None:
        root(size, get)
        inclusion_proof(index, size, get)
        get(0, index)

    get = await _subtrees_within(deps, size, build)
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

    def build(get: SubtreeHash) -> None:
        root(first, get)
        root(second, get)
        consistency_proof(first, second, get)

    get = await _subtrees_within(deps, second, build)
    return ConsistencyProof(
        size1=first,
        size2=second,
        root1=b64(root(first, get)),
        root2=b64(root(second, get)),
        proof=[b64(h) for h in consistency_proof(first, second, get)],
    )
