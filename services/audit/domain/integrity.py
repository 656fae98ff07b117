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
- every stored node of the tree is the one its leaves make, and the tree stores no node
  beyond the log: a node rewritten (a proof would lie) or forged.

Entries are checked a span at a time (``StoredSpan``: 2^height entries aligned, with the
tree's stored nodes over them): the leaves hashed in one pass, the tree grown level by
level, whole levels compared at once. Only a span where something does not hold is gone
through again entry by entry (``feed``), to name the first problem exactly as checking
each entry in order would.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from services.audit.domain.log import GrowingTree
from services.audit.domain.merkle import leaf_hash, leaf_hashes, parent_level, perfect_subtrees
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
class StoredSpan:
    """Entries ``start ≤ seq < end`` as stored, ``start`` a multiple of 2^height and at most
    2^height of them, with the tree's stored nodes over them: ``nodes[level]`` the
    (indexes, hashes) of level ``level`` in index order, for levels 0…height. ``said``:
    each entry's query columns, in the order of SAID_COLUMNS; ``next_seq``: the first
    stored entry after the span (None at the end)."""

    start: int
    end: int
    seqs: list[int]
    leaves: list[bytes]
    leaf_hashes: list[bytes]
    said: list[tuple[Any, ...]]
    nodes: list[tuple[list[int], list[bytes]]]
    next_seq: int | None


def says_what_is_stored(leaves: Sequence[bytes], said: Sequence[tuple[Any, ...]]) -> bool:
    """Every leaf parses and says what its row's query columns say."""
    loads = orjson.loads
    try:
        for leaf, stored in zip(leaves, said, strict=True):
            if leaf_says(loads(leaf)) != stored:
                return False
    except (ValueError, TypeError, AttributeError, KeyError):
        return False
    return True


def grown_levels(hashes: list[bytes], height: int) -> list[list[bytes]]:
    """Levels 0…height of the perfect subtrees over ``hashes`` (leaf hashes from an index
    that is a multiple of 2^height), each level made from the one below in one pass."""
    levels = [hashes]
    for _ in range(height):
        levels.append(parent_level(levels[-1]))
    return levels


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
    _span_roots: list[bytes] = field(default_factory=list)
    _height: int | None = None

    def __post_init__(self) -> None:
        self._pending = sorted(self.checkpoints, key=lambda c: c.size)

    def feed_span(self, span: StoredSpan, height: int) -> bool:
        """Check a span (the next 2^height entries, or the log's last ones); False once a
        problem was found (stop feeding)."""
        if self.finding is not None:
            return False
        if self._height is None:
            self._height = height
        if span.start != self.tree.size or height != self._height:
            raise ValueError(f"the span at {span.start} is not the next of height {height}")
        levels = self._levels_if_whole(span, height)
        if levels is None:
            return self._go_through(span, height)
        for level, index in perfect_subtrees(span.start, span.end):
            self.tree.append_subtree(level, levels[level][index - (span.start >> level)])
        if span.end - span.start == 1 << height:
            self._span_roots.append(levels[height][0])
        return True

    def _levels_if_whole(self, span: StoredSpan, height: int) -> list[list[bytes]] | None:
        """The span's levels when everything in it holds (None when something does not):
        the entries gap-free, each leaf its hash and its columns, every stored node,
        and every checkpoint ending in it."""
        if span.seqs != list(range(span.start, span.end)):
            return None
        hashes = leaf_hashes(span.leaves)
        if hashes != span.leaf_hashes or not says_what_is_stored(span.leaves, span.said):
            return None
        levels = grown_levels(hashes, height)
        for level, (indexes, stored) in enumerate(span.nodes):
            first = span.start >> level
            if stored != levels[level] or indexes != list(range(first, first + len(stored))):
                return None
        ending = [c for c in self._pending if c.size <= span.end]
        for checkpoint in ending:
            then = [
                levels[level][index - (span.start >> level)]
                for level, index in perfect_subtrees(span.start, checkpoint.size)
            ]
            if self.tree.root(then=then) != checkpoint.root:
                return None
        del self._pending[: len(ending)]
        return levels

    def _go_through(self, span: StoredSpan, height: int) -> bool:
        """Entry by entry, to name the span's first problem; then its nodes above the
        leaves."""
        tree_leaves = dict(zip(*span.nodes[0], strict=True))
        for seq, leaf, stored_hash, said in zip(
            span.seqs, span.leaves, span.leaf_hashes, span.said, strict=True
        ):
            if not self.feed(seq, leaf, stored_hash, tree_leaves.get(seq), said):
                return False
        if self.tree.size < span.end:
            after = (
                f"la siguiente guardada es la {span.next_seq}" if span.next_seq else "no hay más"
            )
            return self._found(self.tree.size, f"falta ({after})")
        levels = grown_levels(leaf_hashes(span.leaves), height)
        for level in range(1, len(span.nodes)):
            first = span.start >> level
            stored = dict(zip(*span.nodes[level], strict=True))
            for offset, made in enumerate(levels[level]):
                if stored.get(first + offset) != made:
                    return self._node_found(level, first + offset)
        if span.end - span.start == 1 << height:
            self._span_roots.append(levels[height][0])
        return True

    def _node_found(self, level: int, index: int) -> bool:
        return self._found(
            ((index + 1) << level) - 1,
            f"el nodo del árbol de nivel {level} e índice {index} falta o no es el que "
            "resulta de sus entradas",
        )

    def upper_nodes(self) -> dict[tuple[int, int], bytes]:
        """The perfect subtrees above the spans' height that the spans fed make: what the
        tree must store there (compare with ``check_upper_nodes``)."""
        if self._height is None:
            return {}
        made: dict[tuple[int, int], bytes] = {}
        level, hashes = self._height, self._span_roots
        while len(hashes) > 1:
            hashes, level = parent_level(hashes), level + 1
            made.update({(level, index): hashed for index, hashed in enumerate(hashes)})
        return made

    def check_upper_nodes(self, stored: dict[tuple[int, int], bytes]) -> bool:
        """``stored``: the tree's nodes above the spans' height; each must be the one made."""
        if self.finding is not None:
            return False
        made = self.upper_nodes()
        for key in sorted(made.keys() | stored.keys(), key=lambda k: ((k[1] + 1) << k[0], k)):
            if made.get(key) != stored.get(key):
                return self._node_found(*key)
        return True

    def check_no_stray_node(self, stray: tuple[int, int] | None) -> bool:
        """``stray``: a stored node at a position a tree of this size does not have. A
        signed checkpoint beyond the log explains it better (``finish`` says entries are
        missing), so it goes first."""
        if self.finding is None and stray is not None and not self._pending:
            level, index = stray
            return self._found(
                self.tree.size,
                f"el árbol guarda un nodo (nivel {level}, índice {index}) que no es de "
                f"ninguna entrada de las {self.tree.size}",
            )
        return self.finding is None

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
        except (ValueError, TypeError, AttributeError, KeyError):
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
