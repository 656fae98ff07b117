"""Every SQL statement of the audit service.

The sequencer: appends take a transaction-scoped advisory lock before reading the size,
so one append at a time assigns ``seq`` = size, size+1, … and commits before the next
reads the size. Sequence numbers are therefore gap-free and in commit order, and a
reader (the checkpointer, a proof) that sees size N sees exactly leaves 0…N-1 and their
tree nodes, committed together. (A table lock would do the same, but LOCK TABLE in a
mode that excludes other writers needs UPDATE or DELETE rights, which the service's role
must not have.)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.audit.domain.merkle import Subtree

SEQUENCER_LOCK = "audit-sequencer"


@dataclass(frozen=True)
class StoredCheckpoint:
    size: int
    root: bytes
    note: str
    signed_at: datetime


async def take_sequencer(conn: asyncpg.Connection) -> None:
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", SEQUENCER_LOCK)


async def log_size(conn: asyncpg.Connection | asyncpg.Pool) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(seq) + 1, 0) FROM entries"))


async def known_entry_ids(conn: asyncpg.Connection, entry_ids: list[UUID]) -> set[UUID]:
    rows = await conn.fetch(
        "SELECT entry_id FROM entries WHERE entry_id = ANY($1::uuid[])", entry_ids
    )
    return {row["entry_id"] for row in rows}


async def subtree_hashes(
    conn: asyncpg.Connection | asyncpg.Pool, keys: Iterable[Subtree]
) -> dict[Subtree, bytes]:
    levels, indexes = zip(*keys, strict=True) if keys else ((), ())
    rows = await conn.fetch(
        "SELECT level, idx, hash FROM tree_nodes "
        "WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))",
        list(levels),
        list(indexes),
    )
    return {(row["level"], row["idx"]): bytes(row["hash"]) for row in rows}


ENTRY_COLUMNS = (
    "seq",
    "entry_id",
    "leaf",
    "leaf_hash",
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


async def insert_entries(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.copy_records_to_table("entries", records=rows, columns=ENTRY_COLUMNS)


async def insert_nodes(conn: asyncpg.Connection, nodes: dict[Subtree, bytes]) -> None:
    await conn.copy_records_to_table(
        "tree_nodes",
        records=[(level, index, hashed) for (level, index), hashed in nodes.items()],
        columns=("level", "idx", "hash"),
    )


async def latest_checkpoint(conn: asyncpg.Connection | asyncpg.Pool) -> StoredCheckpoint | None:
    row = await conn.fetchrow(
        "SELECT size, root, note, signed_at FROM checkpoints ORDER BY size DESC LIMIT 1"
    )
    return (
        StoredCheckpoint(row["size"], bytes(row["root"]), row["note"], row["signed_at"])
        if row
        else None
    )


async def insert_checkpoint(conn: asyncpg.Connection, size: int, root: bytes, note: str) -> None:
    await conn.execute(
        "INSERT INTO checkpoints (size, root, note) VALUES ($1, $2, $3)", size, root, note
    )


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
    conn: asyncpg.Connection | asyncpg.Pool,
    filters: dict[str, Any],
    *,
    newest_first: bool,
    limit: int,
    offset: int,
    party_id: str | None = None,
    candidacy_id: str | None = None,
) -> tuple[list[asyncpg.Record], int]:
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
    return rows, int(total)


async def upsert_candidacy(
    conn: asyncpg.Connection, candidacy_id: str, election_id: str, party_id: str | None
) -> None:
    await conn.execute(
        "INSERT INTO candidacies (candidacy_id, election_id, capturing_party_id) "
        "VALUES ($1, $2, $3) ON CONFLICT (candidacy_id) DO UPDATE SET capturing_party_id = $3",
        candidacy_id,
        election_id,
        party_id,
    )
