"""Signing checkpoints: one whenever the log has grown, at least once a second while it
grows (the timer is in timers.py).

Before signing size N it proves the new tree consistent with the last signed one; if the
proof fails the log was altered underneath, and it signs nothing (and says so loudly):
a signature must never cover a rewritten history.
"""

import base64
import logging

import asyncpg

from contracts.audit import CHECKPOINT_SIGNED, SignedCheckpoint
from contracts.envelope import Actor
from services.audit import store
from services.audit.adapters.keys import signer_for
from services.audit.domain.merkle import (
    InvalidProof,
    SubtreeHash,
    consistency_proof,
    lookup,
    needed_subtrees,
    root,
    verify_consistency,
)
from services.audit.domain.signed_notes import Checkpoint, sign
from services.runtime.outbox import Outbox
from services.runtime.settings import Settings

log = logging.getLogger(__name__)


async def sign_if_grown(
    settings: Settings, pool: asyncpg.Pool, outbox: Outbox
) -> SignedCheckpoint | None:
    signer = signer_for(settings)
    async with pool.acquire() as conn, conn.transaction():
        size = await store.log_size(conn)
        latest = await store.latest_checkpoint(conn)
        if size == 0 or (latest is not None and latest.size >= size):
            return None

        def build(get: SubtreeHash) -> None:
            root(size, get)
            if latest is not None:
                consistency_proof(latest.size, size, get)

        hashes = await store.subtree_hashes(conn, needed_subtrees(build))
        new_root = root(size, lookup(hashes))
        if latest is not None:
            proof = consistency_proof(latest.size, size, lookup(hashes))
            try:
                verify_consistency(latest.size, size, latest.root, new_root, proof)
            except InvalidProof:
                log.critical(
                    "the log of size %s is not consistent with the checkpoint of size %s; "
                    "nothing signed: run `conoceles audit verify`",
                    size,
                    latest.size,
                )
                return None
        note = sign(Checkpoint(signer.origin, size, new_root), signer.origin, signer.key)
        await store.insert_checkpoint(conn, size, new_root, note)
        signed = SignedCheckpoint(size=size, root=base64.b64encode(new_root).decode(), note=note)
        await outbox.add(conn, CHECKPOINT_SIGNED, signed, actor=Actor.system("audit-checkpointer"))
        return signed
