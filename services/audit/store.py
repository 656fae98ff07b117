"""Every SQL statement of the audit service, over its four tables: ``entries`` (the
leaves), ``tree_nodes`` (the perfect subtrees' hashes), ``checkpoints`` (signed) and
``candidacies`` (which party captures each, for the transparency view).

The sequencer: appends take a transaction-scoped advisory lock before reading the size,
so one append at a time assigns ``seq`` = size, size+1, … and commits before the next
reads the size. Sequence numbers are therefore gap-free and in commit order, and a
reader (the checkpointer, a proof) that sees size N sees exactly leaves 0…N-1 and their
tree nodes, committed together. (A table lock would do the same, but LOCK TABLE in a
mode that excludes other writers needs UPDATE or DELETE rights, which the service's role
must not have.)
"""

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

import asyncpg

from services.audit.domain.integrity import StoredSpan
from services.audit.domain.merkle import Subtree
from services.runtime.connections import Connection, Reader

SEQUENCER_LOCK = "audit-sequencer"


@dataclass(frozen=True)
class NewEntry:
    """A row of ``entries`` about to be appended; its fields in the table's column order."""

    seq: int
    entry_id: UUID
    leaf: bytes
    leaf_hash: bytes
    occurred_at: datetime
    recorded_at: datetime
    account_id: str | None
    role: str | None
    election_id: str | None
    service: str
    action: str
    target_kind: str | None
    target_id: str | None
    outcome: str
    request_id: str | None
    trace_id: str | None


ENTRY_COLUMNS = tuple(column.name for column in dataclasses.fields(NewEntry))
_entry_row = attrgetter(*ENTRY_COLUMNS)
"""A NewEntry's values in column order, as they are (``dataclasses.astuple`` deep-copies
each one: half of an append's time)."""


@dataclass(frozen=True)
class StoredCheckpoint:
    size: int
    root: bytes
    note: str
    signed_at: datetime


@dataclass(frozen=True)
class FoundEntry:
    """An entry a search found: its position and its leaf (what the checkpoints sign)."""

    seq: int
    leaf: bytes


# ----- entries: appending ------------------------------------------------------------------


async def take_sequencer(conn: Connection) -> None:
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", SEQUENCER_LOCK)


async def log_size(conn: Reader) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(seq) + 1, 0) FROM entries"))


async def known_entry_ids(conn: Connection, entry_ids: list[UUID]) -> set[UUID]:
    rows = await conn.fetch(
        "SELECT entry_id FROM entries WHERE entry_id = ANY($1::uuid[])", entry_ids
    )
    return {row["entry_id"] for row in rows}


async def insert_entries(conn: Connection, entries: list[NewEntry]) -> None:
    await conn.copy_records_to_table(
        "entries", records=[_entry_row(e) for e in entries], columns=ENTRY_COLUMNS
    )


# ----- entries: searching ------------------------------------------------------------------

SEARCH_FILTERS: dict[str, str] = {
    "desde": "occurred_at >= ${}",
    "hasta": "occurred_at < ${}",
    "cuenta": "account_id = ${}",
    "rol": "role = ${}",
    "servicio": "service = ${}",
    "accion": "action = ${}",
    "objetivo_tipo": "target_kind = ${}",
    "objetivo_id": "target_id = ${}",
    "resultado": "outcome = ${}",
}


async def search_entries(
    conn: Reader,
    filters: dict[str, Any],
    *,
    newest_first: bool,
    limit: int,
    offset: int,
    party_id: str | None = None,
    candidacy_id: str | None = None,
) -> tuple[list[FoundEntry], int]:
    """A page of entries matching every given filter, and how many match in all;
    confined to entries about one party's candidacies, or one candidacy, when given."""
    clauses, values = [], []
    for name, clause in SEARCH_FILTERS.items():
        if filters.get(name) is not None:
            values.append(filters[name])
            clauses.append(clause.format(len(values)))
    if party_id is not None:
        values.append(party_id)
        clauses.append(
            "target_kind = 'candidacy' AND target_id IN (SELECT candidacy_id FROM candidacies "
            f"WHERE capturing_party_id = ${len(values)})"
        )
    if candidacy_id is not None:
        values.append(candidacy_id)
        clauses.append(f"target_kind = 'candidacy' AND target_id = ${len(values)}")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    order = "DESC" if newest_first else "ASC"
    total = await conn.fetchval(f"SELECT count(*) FROM entries {where}", *values)
    rows = await conn.fetch(
        f"SELECT seq, leaf FROM entries {where} ORDER BY seq {order} "
        f"LIMIT ${len(values) + 1} OFFSET ${len(values) + 2}",
        *values,
        limit,
        offset,
    )
    return [FoundEntry(row["seq"], bytes(row["leaf"])) for row in rows], int(total)


# ----- entries beside the tree's nodes: verifying -----------------------------------------

SPAN_ENTRIES = """
SELECT seq, leaf, leaf_hash, entry_id::text, occurred_at, recorded_at, account_id, role,
       election_id, service, action, target_kind, target_id, outcome, request_id, trace_id
FROM entries WHERE seq >= $1 AND seq < $2 ORDER BY seq
"""
SPAN_NODES = """
SELECT coalesce(n.indexes, '{}'), coalesce(n.hashes, '{}')
FROM generate_series(0, $3::int) AS l,
     LATERAL (SELECT array_agg(idx ORDER BY idx) AS indexes, array_agg(hash ORDER BY idx) AS hashes
              FROM tree_nodes WHERE level = l AND idx >= ($1::bigint >> l)
                AND idx < ($2::bigint >> l)) AS n
ORDER BY l
"""
# Level 62 is the last a bigint index can reach; a level above it is stray at any size.
STRAY_NODE = """
SELECT level, idx FROM (
    SELECT l AS level, (SELECT min(idx) FROM tree_nodes
                        WHERE level = l AND idx >= ($1::bigint >> l)) AS idx
    FROM generate_series(0, 62) AS l
    UNION ALL (SELECT level, idx FROM tree_nodes WHERE level > 62 ORDER BY level, idx LIMIT 1)
) AS beyond WHERE idx IS NOT NULL ORDER BY level LIMIT 1
"""


async def span_to_verify(conn: Connection, start: int, end: int, height: int) -> StoredSpan:
    """Entries ``start ≤ seq < end`` and the tree's nodes over them (domain/integrity.py's
    ``StoredSpan``): one ordered range scan of each table. A span is what one pass of the
    verification checks at once; ``entry_id`` comes as text, as the leaf says it."""
    rows = await conn.fetch(SPAN_ENTRIES, start, end)
    nodes = await conn.fetch(SPAN_NODES, start, end, height)
    next_seq = await conn.fetchval("SELECT min(seq) FROM entries WHERE seq >= $1", end)
    return StoredSpan(
        start=start,
        end=end,
        seqs=[row[0] for row in rows],
        leaves=[row[1] for row in rows],
        leaf_hashes=[row[2] for row in rows],
        said=[row[3:] for row in rows],
        nodes=[(list(indexes), list(hashes)) for indexes, hashes in nodes],
        next_seq=next_seq,
    )


async def nodes_above(conn: Connection, height: int) -> dict[Subtree, bytes]:
    rows = await conn.fetch("SELECT level, idx, hash FROM tree_nodes WHERE level > $1", height)
    return {(row[0], row[1]): bytes(row[2]) for row in rows}


async def stray_node(conn: Connection, size: int) -> Subtree | None:
    """A stored node at a position the tree of ``size`` leaves does not have."""
    row = await conn.fetchrow(STRAY_NODE, size)
    return (row[0], row[1]) if row else None


# ----- tree_nodes ----------------------------------------------------------------------------


async def subtree_hashes(conn: Reader, keys: Collection[Subtree]) -> dict[Subtree, bytes]:
    levels, indexes = zip(*keys, strict=True) if keys else ((), ())
    rows = await conn.fetch(
        "SELECT level, idx, hash FROM tree_nodes "
        "WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))",
        list(levels),
        list(indexes),
    )
    return {(row["level"], row["idx"]): bytes(row["hash"]) for row in rows}


async def size_and_subtree_hashes(
    conn: Reader, keys: Collection[Subtree]
) -> tuple[int, dict[Subtree, bytes]]:
    """The log's size and the given perfect subtrees' hashes, in one statement (one round
    trip, one snapshot): what a proof reads."""
    levels, indexes = zip(*keys, strict=True) if keys else ((), ())
    rows = await conn.fetch(
        "SELECT s.size, n.level, n.idx, n.hash "
        "FROM (SELECT coalesce(max(seq) + 1, 0) AS size FROM entries) AS s "
        "LEFT JOIN tree_nodes AS n "
        "ON (n.level, n.idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))",
        list(levels),
        list(indexes),
    )
    hashes = {(row[1], row[2]): bytes(row[3]) for row in rows if row[1] is not None}
    return int(rows[0][0]), hashes


async def insert_nodes(conn: Connection, nodes: dict[Subtree, bytes]) -> None:
    await conn.copy_records_to_table(
        "tree_nodes",
        records=[(level, index, hashed) for (level, index), hashed in nodes.items()],
        columns=("level", "idx", "hash"),
    )


# ----- checkpoints ---------------------------------------------------------------------------

CHECKPOINT_COLUMNS = "size, root, note, signed_at"


def _checkpoint(row: asyncpg.Record) -> StoredCheckpoint:
    return StoredCheckpoint(row["size"], bytes(row["root"]), row["note"], row["signed_at"])


async def latest_checkpoint(conn: Reader) -> StoredCheckpoint | None:
    row = await conn.fetchrow(
        f"SELECT {CHECKPOINT_COLUMNS} FROM checkpoints ORDER BY size DESC LIMIT 1"
    )
    return _checkpoint(row) if row else None


async def all_checkpoints(conn: Reader) -> list[StoredCheckpoint]:
    rows = await conn.fetch(f"SELECT {CHECKPOINT_COLUMNS} FROM checkpoints ORDER BY size")
    return [_checkpoint(row) for row in rows]


async def insert_checkpoint(conn: Connection, size: int, root: bytes, note: str) -> None:
    await conn.execute(
        "INSERT INTO checkpoints (size, root, note) VALUES ($1, $2, $3)", size, root, note
    )


# ----- candidacies ---------------------------------------------------------------------------


async def upsert_candidacy(
    conn: Connection, candidacy_id: str, election_id: str, party_id: str | None
) -> None:
    await conn.execute(
        "INSERT INTO candidacies (candidacy_id, election_id, capturing_party_id) "
        "VALUES ($1, $2, $3) ON CONFLICT (candidacy_id) DO UPDATE SET capturing_party_id = $3",
        candidacy_id,
        election_id,
        party_id,
    )
