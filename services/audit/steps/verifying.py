"""Verifying the whole log from what the database holds (domain/integrity.py says what
is checked): for ``conoceles audit verify`` and for the console's "verificar ahora".

It reads as the audit service's own role, in one repeatable-read snapshot: every stored
checkpoint's signature, optionally a checkpoint someone saved earlier, and every entry.
"""

import asyncio
import base64
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contracts.activity import Outcome
from contracts.requests import Principal
from services.audit import store
from services.audit.adapters.keys import signer_for
from services.audit.domain.integrity import Finding, LogVerifier
from services.audit.domain.signed_notes import (
    Checkpoint,
    InvalidCheckpoint,
    open_signed,
    parse_verifier_key,
)
from services.runtime.activity import record_activity
from services.runtime.database import service_dsn
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings


@dataclass(frozen=True)
class Verdict:
    entries: int
    root: bytes
    finding: Finding | None

    def __str__(self) -> str:
        if self.finding is not None:
            return f"ERROR en la {self.finding}"
        return f"OK: {self.entries} entradas, raíz {base64.b64encode(self.root).decode()}"


# Spans of 2^15 entries: about 25 MB read at once, and few enough round trips.
SPAN_HEIGHT = 15


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while spans are checked: they make millions of
    short-lived objects and no cycles, and the collector's passes over them cost as much
    as parsing the leaves."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def feed_spans(conn: asyncpg.Connection, verifier: LogVerifier) -> None:
    """Every span of the log in order, each read while the one before it is checked in a
    thread: PostgreSQL produces the next rows while this process hashes."""
    size = await store.log_size(conn)
    checking: asyncio.Future[bool] | None = None
    for start in range(0, size, 1 << SPAN_HEIGHT):
        span = await store.span_to_verify(
            conn, start, min(start + (1 << SPAN_HEIGHT), size), SPAN_HEIGHT
        )
        if checking is not None and not await checking:
            return
        checking = asyncio.ensure_future(asyncio.to_thread(verifier.feed_span, span, SPAN_HEIGHT))
    if checking is not None:
        await checking


def log_key(settings: Settings, verifier_key: str | None) -> tuple[str, Ed25519PublicKey]:
    if verifier_key:
        return parse_verifier_key(verifier_key)
    signer = signer_for(settings)
    return signer.origin, signer.key.public_key()


async def verify_log(
    settings: Settings, *, saved_checkpoint: str | None = None, verifier_key: str | None = None
) -> Verdict:
    name, public_key = log_key(settings, verifier_key)
    conn = await asyncpg.connect(service_dsn(settings, "audit"))
    try:
        checkpoints: list[Checkpoint] = []
        for stored in await store.all_checkpoints(conn):
            try:
                signed = open_signed(stored.note, name, public_key)
            except InvalidCheckpoint as error:
                return Verdict(0, b"", Finding(stored.size - 1, f"checkpoint inválido: {error}"))
            if (signed.size, signed.root) != (stored.size, stored.root):
                return Verdict(
                    0, b"", Finding(stored.size - 1, "el checkpoint guardado no es el firmado")
                )
            checkpoints.append(signed)
        if saved_checkpoint is not None:
            try:
                checkpoints.append(open_signed(saved_checkpoint, name, public_key))
            except InvalidCheckpoint as error:
                return Verdict(0, b"", Finding(0, f"el checkpoint dado no es válido: {error}"))
        verifier = LogVerifier(checkpoints)
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            with collection_paused():
                await feed_spans(conn, verifier)
            if verifier.check_upper_nodes(await store.nodes_above(conn, SPAN_HEIGHT)):
                verifier.check_no_stray_node(await store.stray_node(conn, verifier.tree.size))
        finding = verifier.finish()
        return Verdict(verifier.tree.size, verifier.tree.root(), finding)
    finally:
        await conn.close()


async def verify_on_request(
    deps: ServiceDeps,
    *,
    principal: Principal | None,
    request_id: str | None,
    client_address: str | None,
) -> Verdict:
    """The whole log verified for someone in the console, and the answer recorded."""
    # A thread with a loop of its own: recomputing a large log takes seconds of CPU, and
    # the service's own loop keeps appending and answering meanwhile.
    verdict = await asyncio.to_thread(asyncio.run, verify_log(deps.settings))
    async with deps.pool.acquire() as conn, conn.transaction():
        await record_activity(
            conn,
            deps.outbox,
            action="activity_log.verify",
            outcome=Outcome.OK if verdict.finding is None else Outcome.ERROR,
            principal=principal,
            request_id=request_id,
            client_address=client_address,
            detail={"entradas": verdict.entries},
        )
    return verdict
