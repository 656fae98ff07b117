"""The log's integrity, checked from what the database holds: every leaf, every stored node,
every checkpoint. Pure: rows are fed in ``seq`` order and the first problem found is
reported with the entry it concerns.

What is checked, and what each check catches:
- ``seq`` runs 0, 1, 2, … with no gap: a deleted entry.
- the leaf hashes to its stored hash: a leaf rewritten without its hash.
- the query columns say what the leaf says: a column rewritten (the answer to a query
  would otherwise lie).
- the leaf's hash is the tree's stored leaf at that position: rows swapped, or a leaf and
  its hash rewritten together.
- the root recomputed from all leaves up to each checkpoint's size is the root the
  checkpoint signed, and the signature is the log's: anything rewritten consistently in
  every table, which only the signing key could hide; and a checkpoint larger than the
  log: entries deleted from its end.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from services.audit.domain.log import GrowingTree
from services.audit.domain.merkle import leaf_hash
from services.audit.domain.signed_notes import Checkpoint

SAID_COLUMNS = (
    "entry_id",
    "occurred_at",
    "recorded_at",
    "account_id",
    "role",
    "election_id",
    "service",
    "action",
    "target_kind",
    "target_id",
    "outcome",
    "request_id",
    "trace_id",
)


def leaf_says(document: dict[str, Any]) -> tuple[Any, ...]:
    """What the leaf says for each query column, typed as the columns are."""
    actor = document["actor"]
    target = document.get("target") or {}
    return (
        document["id"],
        datetime.fromisoformat(document["occurred_at"]),
        datetime.fromisoformat(document["recorded_at"]),
        actor.get("account_id"),
        actor.get("role"),
        actor.get("election_id"),
        document["service"],
        document["action"],
        target.get("kind"),
        target.get("id"),
        document["outcome"],
        document.get("request_id"),
        document.get("trace_id"),
    )


@dataclass(frozen=True)
class Finding:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"entrada {self.seq}: {self.problem}"


@dataclass
class LogVerifier:
    """Feed rows in ``seq`` order, then ``finish``; ``finding`` is the first problem."""

    checkpoints: list[Checkpoint]
    tree: GrowingTree = field(default_factory=GrowingTree)
    finding: Finding | None = None
    _pending: list[Checkpoint] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._pending = sorted(self.checkpoints, key=lambda c: c.size)

    def feed(
        self,
        seq: int,
        leaf: bytes,
        stored_hash: bytes,
        tree_leaf: bytes | None,
        stored: tuple[Any, ...],
    ) -> bool:
        """Check one row; False once a problem was found (stop feeding). ``stored``: the
        row's query columns, in the order of SAID_COLUMNS."""
        if self.finding is not None:
            return False
        expected = self.tree.size
        if seq != expected:
            return self._found(expected, f"falta (la siguiente guardada es la {seq})")
        hashed = leaf_hash(leaf)
        if hashed != stored_hash:
            return self._found(seq, "su contenido no corresponde a su hash: fue modificada")
        try:
            document = orjson.loads(leaf)
            said = leaf_says(document)
        except (orjson.JSONDecodeError, TypeError, AttributeError, KeyError):
            return self._found(seq, "su contenido no es una entrada de la bitácora")
        if said != stored:
            column = next(c for c, a, b in zip(SAID_COLUMNS, said, stored, strict=True) if a != b)
            return self._found(seq, f"la columna «{column}» no dice lo que dice la entrada")
        if tree_leaf != hashed:
            return self._found(
                seq, "no es la hoja del árbol en su posición: fue movida o reescrita"
            )
        self.tree.append(hashed)
        return self._check_checkpoints()

    def finish(self) -> Finding | None:
        if self.finding is None and self._pending:
            checkpoint = self._pending[0]
            self._found(
                self.tree.size,
                f"faltan entradas: el checkpoint firmado cubre {checkpoint.size} y la bitácora "
                f"tiene {self.tree.size}",
            )
        return self.finding

    def _check_checkpoints(self) -> bool:
        while self._pending and self._pending[0].size == self.tree.size:
            checkpoint = self._pending.pop(0)
            if checkpoint.root != self.tree.root():
                return self._found(
                    checkpoint.size - 1,
                    f"las entradas hasta la {checkpoint.size - 1} no son las que firmó el "
                    f"checkpoint de tamaño {checkpoint.size}",
                )
        return True

    def _found(self, seq: int, problem: str) -> bool:
        self.finding = Finding(seq, problem)
        return False
