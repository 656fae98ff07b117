"""``conoceles audit verify`` and ``conoceles audit verify-proof``.

``verify`` reads the whole log from the database (as the audit service's read role) and
checks it (domain/verification.py), every stored checkpoint's signature, and optionally
a checkpoint someone saved earlier. ``verify-proof`` checks one proof offline, for an
outside auditor: exit 0 when it holds, 1 when it does not, 2 when the file is malformed.
"""

import base64
import binascii
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain.checkpoint import (
    Checkpoint,
    InvalidCheckpoint,
    open_signed,
    parse_verifier_key,
)
from services.audit.domain.merkle import InvalidProof, verify_consistency, verify_inclusion
from services.audit.domain.verification import Finding, LogVerifier
from services.audit.signing import signer_for
from services.runtime.database import service_dsn
from services.runtime.settings import Settings

ENTRIES = """
SELECT seq, leaf, leaf_hash, entry_id, occurred_at, recorded_at, account_id, role,
       election_id, service, action, target_kind, target_id, outcome, request_id, trace_id
FROM entries ORDER BY seq
"""
TREE_LEAVES = "SELECT idx, hash FROM tree_nodes WHERE level = 0 ORDER BY idx"
BATCH = 5000


async def _records(cursor: Any) -> AsyncIterator[asyncpg.Record]:
    while batch := await cursor.fetch(BATCH):
        for record in batch:
            yield record


async def rows_with_tree_leaves(conn: asyncpg.Connection) -> AsyncIterator[tuple[Any, ...]]:
    """Each entry with the tree's stored leaf at its position (or None): two ordered index
    scans read side by side, rather than a join the planner may choose to sort."""
    leaves = _records(await conn.cursor(TREE_LEAVES))
    current = await anext(leaves, None)
    async for row in _records(await conn.cursor(ENTRIES)):
        seq = row[0]
        while current is not None and current[0] < seq:
            current = await anext(leaves, None)
        tree_leaf = current[1] if current is not None and current[0] == seq else None
        yield (seq, row[1], row[2], tree_leaf, str(row[3]), *row[4:])


@dataclass(frozen=True)
class Verdict:
    entries: int
    root: bytes
    finding: Finding | None

    def __str__(self) -> str:
        if self.finding is not None:
            return f"ERROR en la {self.finding}"
        return f"OK: {self.entries} entradas, raíz {base64.b64encode(self.root).decode()}"


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
        for row in await conn.fetch("SELECT size, root, note FROM checkpoints ORDER BY size"):
            try:
                signed = open_signed(row["note"], name, public_key)
            except InvalidCheckpoint as error:
                return Verdict(0, b"", Finding(row["size"] - 1, f"checkpoint inválido: {error}"))
            if (signed.size, signed.root) != (row["size"], bytes(row["root"])):
                return Verdict(
                    0, b"", Finding(row["size"] - 1, "el checkpoint guardado no es el firmado")
                )
            checkpoints.append(signed)
        if saved_checkpoint is not None:
            try:
                checkpoints.append(open_signed(saved_checkpoint, name, public_key))
            except InvalidCheckpoint as error:
                return Verdict(0, b"", Finding(0, f"el checkpoint dado no es válido: {error}"))
        verifier = LogVerifier(checkpoints)
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            async for row in rows_with_tree_leaves(conn):
                seq, leaf, hashed, tree_leaf, *stored = row
                if not verifier.feed(seq, leaf, hashed, tree_leaf, tuple(stored)):
                    break
        finding = verifier.finish()
        return Verdict(verifier.tree.size, verifier.tree.root(), finding)
    finally:
        await conn.close()


class MalformedProof(ValueError):
    pass


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise MalformedProof(f"{what} debe ser texto base64")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise MalformedProof(f"{what} no es base64") from error


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedProof(f"{what} debe ser un entero")
    return value


def check_proof_file(path: Path) -> tuple[int, str]:
    """(exit code, message) for the proof in ``path``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            raise MalformedProof("el archivo debe ser un objeto JSON")
        proof = document.get("proof") or []
        if not isinstance(proof, list):
            raise MalformedProof("«proof» debe ser una lista")
        hashes = [_b64(item, "un elemento de «proof»") for item in proof]
        if "leafIdx" in document:
            index, size = (
                _int(document["leafIdx"], "leafIdx"),
                _int(document["treeSize"], "treeSize"),
            )
            leaf, root = _b64(document["leafHash"], "leafHash"), _b64(document["root"], "root")
            check = lambda: verify_inclusion(index, size, leaf, hashes, root)  # noqa: E731
            kind = f"la entrada {index} está en la bitácora de {size} entradas"
        elif "size1" in document:
            size1, size2 = _int(document["size1"], "size1"), _int(document["size2"], "size2")
            root1, root2 = _b64(document["root1"], "root1"), _b64(document["root2"], "root2")
            check = lambda: verify_consistency(size1, size2, root1, root2, hashes)  # noqa: E731
            kind = f"la bitácora de {size2} entradas extiende la de {size1} sin reescribirla"
        else:
            raise MalformedProof(
                "no es una prueba de inclusión (leafIdx…) ni de consistencia (size1…)"
            )
    except (OSError, ValueError, KeyError) as error:
        return 2, f"Archivo mal formado: {error}"
    try:
        check()
    except InvalidProof as error:
        return 1, f"La prueba NO se sostiene: {error}"
    return 0, f"La prueba se sostiene: {kind}."
