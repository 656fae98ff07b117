"""The log's own rules: what a leaf is, and how the tree grows.

A leaf is the canonical JSON (RFC 8785) of the whole entry: its id, when it occurred,
when the log recorded it, who, which service, what action, on what, with what outcome,
and the request and trace ids. Canonical bytes mean that anyone can rebuild a leaf from
the entry and get the same hash.
"""

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from contracts.activity import ActivityRecorded
from contracts.audit import LoggedEntry
from services.audit.domain.canonical import canonical_json
from services.audit.domain.merkle import (
    EMPTY_ROOT,
    Subtree,
    node_hash,
    perfect_subtrees,
)


def entry_document(
    entry_id: UUID, recorded_at: datetime, entry: ActivityRecorded
) -> dict[str, Any]:
    return {
        "id": str(entry_id),
        "recorded_at": recorded_at.isoformat(),
        **entry.model_dump(mode="json"),
    }


def leaf_bytes(document: Mapping[str, Any]) -> bytes:
    return canonical_json(dict(document))


def grown_subtrees(
    old_size: int, spine: Mapping[Subtree, bytes], new_leaf_hashes: list[bytes]
) -> dict[Subtree, bytes]:
    """Every perfect subtree completed by appending ``new_leaf_hashes`` to a tree of
    ``old_size`` leaves, given the hashes of that tree's right spine
    (``perfect_subtrees(0, old_size)``): level 0 (the leaves) and up."""
    known: dict[Subtree, bytes] = dict(spine)
    grown: dict[Subtree, bytes] = {}
    for offset, hashed in enumerate(new_leaf_hashes):
        index = old_size + offset
        known[(0, index)] = grown[(0, index)] = hashed
        level = 0
        while index & 1:  # a right child: its parent is now complete
            parent = node_hash(known[(level, index - 1)], known[(level, index)])
            level, index = level + 1, index >> 1
            known[(level, index)] = grown[(level, index)] = parent
    return grown


def spine_of(size: int) -> list[Subtree]:
    return perfect_subtrees(0, size) if size else []


class GrowingTree:
    """The root of a sequence of leaves, kept in O(log n) memory as they stream by; used
    to recompute the whole tree when verifying the log."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (level, hash), levels decreasing

    def append(self, hashed: bytes) -> None:
        self.append_subtree(0, hashed)

    def append_subtree(self, level: int, hashed: bytes) -> None:
        """Append 2^level leaves at once by their perfect subtree's hash; the tree's size
        must be a multiple of 2^level (the subtree is aligned)."""
        current = hashed
        self.size += 1 << level
        while self._stack and self._stack[-1][0] == level:
            _, left = self._stack.pop()
            current = node_hash(left, current)
            level += 1
        self._stack.append((level, current))

    def root(self, *, then: Sequence[bytes] = ()) -> bytes:
        """The root; with ``then``, of this tree followed by those perfect subtrees'
        hashes (left to right, each smaller than the last), without appending them."""
        hashes = [hashed for _, hashed in self._stack] + list(then)
        if not hashes:
            return EMPTY_ROOT
        result = hashes[-1]
        for left in reversed(hashes[:-1]):
            result = node_hash(left, result)
        return result

    def copy(self) -> "GrowingTree":
        twin = GrowingTree()
        twin.size, twin._stack = self.size, list(self._stack)
        return twin


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
